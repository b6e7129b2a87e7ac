import { isAscii, isUtf8 } from 'node:buffer';
import { State, StateCorruptedError, type StateJson } from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import { describeJsonError } from './describe-json-error.js';
import { findDuplicateKeys } from './find-duplicate-keys.js';
import { startScan } from './scan/start-scan.js';
import { verifyChecksums } from './verify-checksums.js';

/**
 * Turn the bytes of a state file into a State, checking everything a reader must trust: UTF-8
 * without BOM, JSON syntax, no duplicate keys, the schema, and every stored checksum.
 *
 * Duplicate keys and most checksums are checked by a scan of the raw text, which runs in a worker
 * for large files while this thread parses and validates; checksums the scan could not confirm
 * are recomputed from the parsed attributes.
 * @throws StateCorruptedError (STATE_CORRUPTED) naming the file and the problems found
 */
export async function parseStateFile(path: string, bytes: Uint8Array): Promise<State> {
  const encodingProblem = checkEncoding(bytes);
  if (encodingProblem !== undefined) throw new StateCorruptedError(path, [encodingProblem]);
  const scan = startScan(bytes);
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const text = buffer.toString(isAscii(bytes) ? 'latin1' : 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new StateCorruptedError(path, [describeJsonError(text, error)]);
    }
    const { issues } = validateState(data);
    const state = issues.length === 0 ? State.fromJSON(data as StateJson) : undefined;
    const { complete, duplicates, verified } = await scan.result();
    const found = complete ? duplicates : findDuplicateKeys(bytes);
    if (found.length > 0) {
      throw new StateCorruptedError(path, found.map(({ pointer, key }) => `${pointer === '' ? '(root)' : pointer}: duplicate key ${JSON.stringify(key)}`));
    }
    if (state === undefined) throw new StateCorruptedError(path, issues.map(formatIssue));
    const mismatches = verifyChecksums(state, new Set(verified));
    if (mismatches.length > 0) throw new StateCorruptedError(path, mismatches);
    return state;
  } finally {
    scan.cancel();
  }
}

function checkEncoding(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'it starts with a byte order mark (BOM); save it as UTF-8 without BOM';
  if (!isUtf8(bytes)) return 'it is not valid UTF-8';
  return undefined;
}
