import { type State } from '@dataiku-iac/models';

const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_GLOBAL = /[\u007f-\uffff]/g;

/**
 * The state-file text: two-space indented JSON, resources in id order, every character outside
 * printable ASCII escaped as `\uXXXX` like Python's `json.dump`, so the file reads the same with
 * any locale encoding (Python's `open()` default) and stays interchangeable with the reference
 * implementation.
 */
export function serializeState(state: State): string {
  const text = `${JSON.stringify(state.toJSON(), null, 2)}\n`;
  if (!NON_ASCII.test(text)) return text;
  return text.replace(NON_ASCII_GLOBAL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
