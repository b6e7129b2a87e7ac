import { type State, type StateJson } from '@dataiku-iac/models';
import { WORKER_THRESHOLD_BYTES } from './scan/start-scan.js';

const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_GLOBAL = /[\u007f-\uffff]/g;

/**
 * The state-file text: two-space indented JSON, resources in id order, every character outside
 * printable ASCII escaped as `\uXXXX` like Python's `json.dump`, so the file reads the same with
 * any locale encoding (Python's `open()` default) and stays interchangeable with the reference
 * implementation.
 */
export function serializeState(state: State): string {
  return stateFileText(state.toJSON());
}

export function stateFileText(json: StateJson): string {
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (!NON_ASCII.test(text)) return text;
  return text.replace(NON_ASCII_GLOBAL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The state-file bytes; large ones in shared memory, for a worker to verify while they are written. */
export function stateFileBytes(json: StateJson): Buffer {
  const text = stateFileText(json);
  const bytes = text.length >= WORKER_THRESHOLD_BYTES ? Buffer.from(new SharedArrayBuffer(text.length)) : Buffer.allocUnsafe(text.length);
  bytes.write(text, 0, 'latin1');
  return bytes;
}
