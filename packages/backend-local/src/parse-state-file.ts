import { isAscii, isUtf8 } from 'node:buffer';
import { DataikuIaCError, State, StateCorruptedError, type StateJson } from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import { describeJsonError } from './describe-json-error.js';
import { findDuplicateKeys } from './find-duplicate-keys.js';
import { verifyChecksums } from './verify-checksums.js';

/**
 * Turn the bytes of a state file into a State, checking everything a reader must trust: UTF-8
 * without BOM, JSON syntax, no duplicate keys, the schema, and every stored checksum.
 * @throws StateCorruptedError (STATE_CORRUPTED) naming the file and the problems found
 */
export function parseStateFile(path: string, bytes: Buffer): State {
  const problems = checkEncoding(bytes);
  if (problems.length > 0) throw new StateCorruptedError(path, problems);
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StateCorruptedError(path, [describeJsonError(text, error)]);
  }
  const duplicates = findDuplicateKeys(bytes);
  if (duplicates.length > 0) {
    throw new StateCorruptedError(
      path,
      duplicates.map(({ pointer, key }) => `${pointer === '' ? '(root)' : pointer}: duplicate key ${JSON.stringify(key)}`),
    );
  }
  const { issues } = validateState(data);
  if (issues.length > 0) throw new StateCorruptedError(path, issues.map(formatIssue));
  let state: State;
  try {
    state = State.fromJSON(data as StateJson);
  } catch (error) {
    // The schema already checked ids and keys; this is a safety net, never a crash.
    throw new StateCorruptedError(path, [DataikuIaCError.isInstance(error) ? error.message : String(error)]);
  }
  const mismatches = verifyChecksums(state);
  if (mismatches.length > 0) throw new StateCorruptedError(path, mismatches);
  return state;
}

function checkEncoding(bytes: Buffer): string[] {
  if (bytes.length === 0) return ['the file is empty'];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return ['it starts with a byte order mark (BOM); save it as UTF-8 without BOM'];
  }
  if (!isUtf8(bytes)) return ['it is not valid UTF-8'];
  return [];
}

