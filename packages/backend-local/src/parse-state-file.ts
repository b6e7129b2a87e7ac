import { isAscii, isUtf8 } from 'node:buffer';
import { State, STATE_VERSION, StateCorruptedError, type StateJson, StateVersionError } from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import { describeJsonError } from './describe-json-error.js';
import { describeDuplicate } from './scan-state-text.js';
import { startScan } from './start-scan.js';
import { verifyChecksums } from './verify-checksums.js';

/**
 * Turn the bytes of a state file into a State, checking everything a reader must trust, in order:
 * UTF-8 without BOM, JSON syntax, a format version this tool reads, no duplicate keys, the schema,
 * and every stored checksum (confirmed from the text by `scanStateText`, recomputed from the parsed
 * attributes for the resources the scan could not confirm). The bytes are consumed: a large file's
 * move to the worker thread that scans them while this one parses.
 * @throws StateCorruptedError (STATE_CORRUPTED) naming the file and the problems found, with `hint`
 * @throws StateVersionError (STATE_VERSION_UNSUPPORTED) for a file written in a newer format
 */
export async function parseStateFile(path: string, bytes: Uint8Array, hint?: string): Promise<State> {
  const corrupted = (problems: readonly string[]): StateCorruptedError => new StateCorruptedError(path, problems, { hint });
  const encodingProblem = checkEncoding(bytes);
  if (encodingProblem !== undefined) throw corrupted([encodingProblem]);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const scan = startScan(bytes);
  try {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw corrupted([describeJsonError(text, error)]);
    }
    assertReadableVersion(path, data);
    const { issues } = validateState(data);
    const state = issues.length === 0 ? State.fromJSON(data as StateJson) : undefined;
    const { duplicates, confirmed } = await scan.result();
    if (duplicates.length > 0) throw corrupted(duplicates.map(describeDuplicate));
    if (state === undefined) throw corrupted(issues.map(formatIssue));
    const mismatches = verifyChecksums(state, confirmed);
    if (mismatches.length > 0) throw corrupted(mismatches);
    return state;
  } finally {
    scan.cancel();
  }
}

/**
 * A whole-number `version` above this tool's is a newer format, not a corrupted file: refused
 * with its own error so that nothing ever rewrites it. Any other bad version is a schema problem.
 * @throws StateVersionError (STATE_VERSION_UNSUPPORTED)
 */
export function assertReadableVersion(path: string, data: unknown): void {
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > STATE_VERSION) {
    throw new StateVersionError(path, version, STATE_VERSION);
  }
}

function checkEncoding(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'it starts with a byte order mark (BOM); save it as UTF-8 without BOM';
  if (!isUtf8(bytes)) return 'it is not valid UTF-8';
  return undefined;
}
