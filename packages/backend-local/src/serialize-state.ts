import type { State, StateJson } from '@dataiku-iac/models';

const NON_ASCII_GLOBAL = /[\u007f-\uffff]/g;

/**
 * Resources per chunk: about 100 KB of text, below V8's large-object size, so the chunks are
 * short-lived young objects, freed at once instead of piling up until a full collection.
 */
const RESOURCES_PER_CHUNK = 48;

/** A piece of a state file's text, and the resources it holds. */
export interface StateFileChunk {
  /** ASCII text. */
  readonly text: string;
  /** The resources whose whole text is in this chunk (empty for the header and footer). */
  readonly resourceIds: readonly string[];
}

/**
 * The state-file text: two-space indented JSON, resources in id order, every character outside
 * printable ASCII escaped as `\uXXXX` like Python's `json.dump`, so the file reads the same with
 * any locale encoding (Python's `open()` default) and stays interchangeable with the reference
 * implementation.
 */
export function serializeState(state: State): string {
  let text = '';
  for (const chunk of stateFileChunks(state.toJSON())) text += chunk.text;
  return text;
}

/**
 * The state-file text in pieces, so a large state is written and verified a few MB at a time
 * instead of being held whole in memory: the header, then groups of resources, then the footer.
 * Their concatenation is exactly `JSON.stringify(json, null, 2)` plus a final newline, escaped.
 */
export function* stateFileChunks(json: StateJson, resourcesPerChunk = RESOURCES_PER_CHUNK): Generator<StateFileChunk> {
  const { resources, ...header } = json;
  const entries = Object.entries(resources);
  const emptyState = ascii(JSON.stringify({ ...header, resources: {} }, null, 2));
  if (entries.length === 0) {
    yield { text: `${emptyState}\n`, resourceIds: [] };
    return;
  }
  // `…"resources": {}\n}` → `…"resources": {\n`
  yield { text: `${emptyState.slice(0, -'{}\n}'.length)}{\n`, resourceIds: [] };
  for (let start = 0; start < entries.length; start += resourcesPerChunk) {
    const group = entries.slice(start, start + resourcesPerChunk);
    // Stringified inside `{"resources": …}` so that it is indented as in the whole document.
    const wrapped = JSON.stringify({ resources: Object.fromEntries(group) }, null, 2);
    const inner = wrapped.slice(CHUNK_PREFIX.length, -CHUNK_SUFFIX.length);
    yield { text: `${start === 0 ? '' : ',\n'}${ascii(inner)}`, resourceIds: group.map(([id]) => id) };
  }
  yield { text: '\n  }\n}\n', resourceIds: [] };
}

const CHUNK_PREFIX = '{\n  "resources": {\n';
const CHUNK_SUFFIX = '\n  }\n}';

function ascii(text: string): string {
  // Native length counting is much faster than a regular expression over the text.
  if (Buffer.byteLength(text, 'utf8') === text.length && !text.includes('\u007f')) return text;
  return text.replace(NON_ASCII_GLOBAL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
