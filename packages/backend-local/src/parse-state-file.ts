import { isAscii, isUtf8 } from 'node:buffer';
import { State, StateCorruptedError, type StateJson } from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import { describeJsonError } from './describe-json-error.js';
import { startTextCheck } from './scan/start-text-check.js';
import { verifyChecksums } from './verify-checksums.js';

/**
 * Turn the bytes of a state file into a State, checking everything a reader must trust: UTF-8
 * without BOM, JSON syntax, no duplicate keys, the schema, and every stored checksum. `bytes` is
 * left as it is.
 *
 * Duplicate keys and most checksums are checked by a scan of the raw text, which runs in a worker
 * for large files in a SharedArrayBuffer while this thread parses and validates; checksums the
 * scan could not confirm are recomputed from the parsed attributes.
 * @throws StateCorruptedError (STATE_CORRUPTED) naming the file and the problems found
 */
export async function parseStateFile(path: string, bytes: Uint8Array): Promise<State> {
  return parseStateBytes(path, bytes, false);
}

/**
 * `parseStateFile` for bytes the caller gives up (`handOver`): a large file's buffer moves to the
 * worker that scans it, which frees it as soon as it is done, instead of waiting for a garbage
 * collection here. `bytes` must not be used afterwards.
 */
export async function parseStateBytes(path: string, bytes: Uint8Array, handOver: boolean): Promise<State> {
  const encodingProblem = checkEncoding(bytes);
  if (encodingProblem !== undefined) throw new StateCorruptedError(path, [encodingProblem]);
  const encoding = isAscii(bytes) ? 'latin1' : 'utf8';
  // Started first, so that a worker boots while the text is decoded. Valid UTF-8 (checked above)
  // and ASCII both encode back to the very same bytes.
  let text = '';
  const textCheck = startTextCheck(bytes, handOver ? () => Buffer.from(text, encoding) : undefined);
  try {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(encoding);
    textCheck.release();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new StateCorruptedError(path, [describeJsonError(text, error)]);
    }
    const { issues } = validateState(data);
    const state = issues.length === 0 ? State.fromJSON(data as StateJson) : undefined;
    const { duplicates, verified } = await textCheck.result();
    if (duplicates.length > 0) {
      throw new StateCorruptedError(path, duplicates.map(({ pointer, key }) => `${pointer === '' ? '(root)' : pointer}: duplicate key ${JSON.stringify(key)}`));
    }
    if (state === undefined) throw new StateCorruptedError(path, issues.map(formatIssue));
    const mismatches = verifyChecksums(state, new Set(verified));
    if (mismatches.length > 0) throw new StateCorruptedError(path, mismatches);
    return state;
  } finally {
    textCheck.cancel();
  }
}

function checkEncoding(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'it starts with a byte order mark (BOM); save it as UTF-8 without BOM';
  if (!isUtf8(bytes)) return 'it is not valid UTF-8';
  return undefined;
}
