import type { JsonObject, JsonValue } from '@dataiku-iac/models';
import type { ConfigIssue } from './config-error.js';
import type { SourceLocation } from './configuration.js';
import { issueAtLocation, type KeyPath } from './key-path.js';
import type { YamlSource } from './yaml-source.js';
import { isNullKey, lineAndColumn, lineStarts, MAX_COMMON_DEPTH, NotCommon, notCommon, plainValue, set } from './yaml-subset.js';

/**
 * A YAML file read in one pass over its text, without the `yaml` package, when every line keeps to
 * the simplest YAML: a block map at the root; block maps and sequences indented with spaces;
 * `key: value` entries with keys that are plain words or quoted on one line; values that are plain
 * or quoted scalars, or flow collections, each on one line; comments. Anything else (block scalars,
 * multi-line scalars or flows, anchors, tags, tabs, CR line ends, document markers, duplicate or
 * null keys…) gives `undefined`, and the `yaml` package reads the file (`parseCommonYaml`, then the
 * composer). On the files it accepts it gives the composer's value, and the same places for every key
 * and value: a test holds it to that on mutated real files.
 *
 * Why: the `yaml` package reads 1 to 2 MB/s and allocates a syntax tree per file; configurations of
 * thousands of objects are mostly such lines, read here several times faster.
 */
export function parseSimpleYaml(text: string, file: string): YamlSource | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  try {
    const reader = new SimpleReader(text);
    const root = reader.document();
    return new SimpleSource(file, text, root);
  } catch (error) {
    if (error instanceof NotCommon) return undefined;
    throw error;
  }
}

/**
 * Characters this reader leaves to the `yaml` package wherever they are: tabs, CR, other control
 * characters, the BOM, non-characters, lone or paired surrogates and the line separators some YAML
 * readers break lines at.
 */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const OUTSIDE_SUBSET = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

/** Where a container's keys and values are: what `locate` walks. */
interface Place {
  readonly offset: number;
  /** Keys in order for a map; absent for a sequence. */
  readonly keys: string[] | undefined;
  readonly keyOffsets: number[];
  /** Per entry: the nested container, or the offset of a scalar (-1 for an empty value). */
  readonly values: (Place | number)[];
}

function newPlace(offset: number, isMap: boolean): Place {
  return { offset, keys: isMap ? [] : undefined, keyOffsets: [], values: [] };
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;

/** A plain key: a word of letters, digits and `_ - . / $`, not starting with `-` or `.`. */
const PLAIN_KEY = /[A-Za-z0-9_$/][A-Za-z0-9_$/.-]*/y;
/** A first character that makes a block plain scalar something else (indicators, reserved). */
const BLOCK_INDICATOR = /[,[\]{}#&*!|>'"%@`]/;
/** The composer refuses implicit keys longer than 1024 characters; stay well below. */
const MAX_KEY_LENGTH = 1000;

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

class SimpleReader {
  readonly #text: string;
  /** Start of the current line. */
  #line = 0;
  /** Its indentation, or -1 at the end of the text. */
  #indent = -1;

  constructor(text: string) {
    this.#text = text;
  }

  document(): Place & { value: JsonValue } {
    this.#skipToContent(0);
    if (this.#indent !== 0) notCommon();
    const text = this.#text;
    const first = text.charCodeAt(this.#line);
    // Document markers and directives.
    if ((first === DASH && text.startsWith('---', this.#line)) || (first === 0x2e && text.startsWith('...', this.#line)) || first === 0x25) notCommon();
    const place = newPlace(this.#line, true);
    const value = this.#blockMap(0, this.#line, place, 0);
    if (this.#line < this.#text.length) notCommon();
    return Object.assign(place, { value });
  }

  /** Moves to the next line holding something other than spaces and a comment, from `from` (a line start). */
  #skipToContent(from: number): void {
    const text = this.#text;
    let at = from;
    while (at < text.length) {
      let column = at;
      while (text.charCodeAt(column) === SPACE) column++;
      const code = text.charCodeAt(column);
      if (column < text.length && code !== NEWLINE && code !== HASH) {
        this.#line = at;
        this.#indent = column - at;
        return;
      }
      const end = text.indexOf('\n', column);
      if (end === -1) break;
      at = end + 1;
    }
    this.#line = text.length;
    this.#indent = -1;
  }

  /** After an inline value ending at `at`: spaces, maybe a comment after a space, then the line's end. */
  #endOfLine(at: number): void {
    const text = this.#text;
    let column = at;
    while (text.charCodeAt(column) === SPACE) column++;
    if (column < text.length && text.charCodeAt(column) !== NEWLINE) {
      if (text.charCodeAt(column) !== HASH || column === at) notCommon();
    }
    const end = text.indexOf('\n', column);
    this.#skipToContent(end === -1 ? text.length : end + 1);
  }

  /** A block map whose first key starts at `first` (on the current line), at column `indent`. */
  #blockMap(indent: number, first: number, place: Place, depth: number): JsonObject {
    if (depth > MAX_COMMON_DEPTH) notCommon();
    const result: Record<string, JsonValue> = {};
    let keyAt = first;
    for (;;) {
      const { key, end } = this.#key(keyAt);
      (place.keys as string[]).push(key);
      place.keyOffsets.push(keyAt);
      set(result, key, this.#mapValue(indent, end, place, depth));
      if (this.#indent !== indent) {
        if (this.#indent > indent) notCommon();
        return result;
      }
      keyAt = this.#line + indent;
      // A sequence at the map's own indentation belongs to the previous key only.
      if (this.#text.charCodeAt(keyAt) === DASH && isBlank(this.#text.charCodeAt(keyAt + 1))) notCommon();
    }
  }

  /** A map key at `at` and the position just after its `:`. */
  #key(at: number): { key: string; end: number } {
    const text = this.#text;
    const code = text.charCodeAt(at);
    let key: string;
    let end: number;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      ({ value: key, end } = this.#quoted(at));
    } else {
      PLAIN_KEY.lastIndex = at;
      const match = PLAIN_KEY.exec(text) ?? notCommon();
      key = match[0];
      end = at + key.length;
      if (isNullKey(key)) notCommon();
    }
    if (end - at > MAX_KEY_LENGTH || text.charCodeAt(end) !== COLON || !isBlank(text.charCodeAt(end + 1))) notCommon();
    return { key, end: end + 1 };
  }

  /** The value after a block map's `key:` (ending at `at`), moving to the next content line. */
  #mapValue(indent: number, at: number, place: Place, depth: number): JsonValue {
    const text = this.#text;
    let column = at;
    while (text.charCodeAt(column) === SPACE) column++;
    const code = text.charCodeAt(column);
    if (column < text.length && code !== NEWLINE && code !== HASH) return this.#inlineValue(column, place, depth + 1);
    if (code === HASH && column === at) notCommon();
    // Nothing on the line: a nested block, or an empty value.
    const end = text.indexOf('\n', column);
    this.#skipToContent(end === -1 ? text.length : end + 1);
    const child = this.#indent;
    const start = this.#line + child;
    const isSequence = text.charCodeAt(start) === DASH && isBlank(text.charCodeAt(start + 1));
    if (child > indent || (child === indent && isSequence)) {
      const nested = newPlace(start, !isSequence);
      place.values.push(nested);
      return isSequence ? this.#blockSequence(child, nested, depth + 1) : this.#blockMap(child, start, nested, depth + 1);
    }
    place.values.push(-1);
    return null;
  }

  /** A block sequence whose first `-` is at column `indent` of the current line. */
  #blockSequence(indent: number, place: Place, depth: number): JsonValue[] {
    if (depth > MAX_COMMON_DEPTH) notCommon();
    const text = this.#text;
    const result: JsonValue[] = [];
    for (;;) {
      const dash = this.#line + indent;
      if (text.charCodeAt(dash) !== DASH || text.charCodeAt(dash + 1) !== SPACE) notCommon();
      let column = dash + 1;
      while (text.charCodeAt(column) === SPACE) column++;
      const code = text.charCodeAt(column);
      if (column >= text.length || code === NEWLINE || code === HASH || (code === DASH && isBlank(text.charCodeAt(column + 1)))) notCommon();
      place.keyOffsets.push(dash);
      if (this.#startsKey(column)) {
        const nested = newPlace(column, true);
        place.values.push(nested);
        result.push(this.#blockMap(column - this.#line, column, nested, depth + 1));
      } else {
        result.push(this.#inlineValue(column, place, depth + 1));
      }
      if (this.#indent !== indent) {
        if (this.#indent > indent) notCommon();
        return result;
      }
      if (text.charCodeAt(this.#line + indent) !== DASH) return result;
    }
  }

  /** Whether a `key:` starts at `at` (a compact map in a sequence item). */
  #startsKey(at: number): boolean {
    const text = this.#text;
    const code = text.charCodeAt(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const end = this.#quoted(at).end;
      return text.charCodeAt(end) === COLON;
    }
    PLAIN_KEY.lastIndex = at;
    const match = PLAIN_KEY.exec(text);
    if (match === null) return false;
    const end = at + match[0].length;
    return text.charCodeAt(end) === COLON && isBlank(text.charCodeAt(end + 1));
  }

  /** A scalar or flow collection starting at `at` and ending its line. */
  #inlineValue(at: number, place: Place, depth: number): JsonValue {
    const text = this.#text;
    const code = text.charCodeAt(at);
    let value: JsonValue;
    let end: number;
    if (code === 0x7b || code === 0x5b) {
      const nested = newPlace(at, code === 0x7b);
      place.values.push(nested);
      ({ value, end } = this.#flow(at, nested, depth));
    } else {
      place.values.push(at);
      if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) ({ value, end } = this.#quoted(at));
      else ({ value, end } = this.#blockPlain(at));
    }
    this.#endOfLine(end);
    return value;
  }

  /** A plain scalar in block context, to the end of its line or a comment. */
  #blockPlain(at: number): { value: JsonValue; end: number } {
    const text = this.#text;
    const code = text.charCodeAt(at);
    if (BLOCK_INDICATOR.test(text[at] as string) || ((code === DASH || code === 0x3f || code === COLON) && isBlank(text.charCodeAt(at + 1)))) notCommon();
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    let end = at;
    for (let index = at; index < lineEnd; index++) {
      const char = text.charCodeAt(index);
      if (char === HASH && text.charCodeAt(index - 1) === SPACE) break;
      if (char === COLON && isBlank(text.charCodeAt(index + 1))) notCommon();
      if (char !== SPACE) end = index + 1;
    }
    return { value: plainValue(text.slice(at, end)), end };
  }

  /** A quoted scalar on one line. */
  #quoted(at: number): { value: string; end: number } {
    const text = this.#text;
    const quote = text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (let index = from; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === NEWLINE) break;
      if (quote === SINGLE_QUOTE) {
        if (char !== SINGLE_QUOTE) continue;
        value += text.slice(from, index);
        if (text.charCodeAt(index + 1) !== SINGLE_QUOTE) return { value, end: index + 1 };
        value += "'";
        index++;
        from = index + 1;
      } else if (char === DOUBLE_QUOTE) {
        return { value: value + text.slice(from, index), end: index + 1 };
      } else if (char === BACKSLASH) {
        value += text.slice(from, index) + this.#escape(index);
        index += text.charCodeAt(index + 1) === 0x75 ? 5 : 1;
        from = index + 1;
      }
    }
    return notCommon();
  }

  /** The character of the escape sequence at `at` (a backslash). */
  #escape(at: number): string {
    const text = this.#text;
    const letter = text[at + 1] ?? '';
    const simple = ESCAPES[letter];
    if (simple !== undefined) return simple;
    if (letter !== 'u') notCommon();
    const hex = text.slice(at + 2, at + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) notCommon();
    const code = Number.parseInt(hex, 16);
    if (code >= 0xd800 && code <= 0xdfff) notCommon();
    return String.fromCharCode(code);
  }

  /** A flow collection on one line, from its `{` or `[` at `at`. */
  #flow(at: number, place: Place, depth: number): { value: JsonValue; end: number } {
    if (depth > MAX_COMMON_DEPTH) notCommon();
    const text = this.#text;
    const isMap = text.charCodeAt(at) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const result: Record<string, JsonValue> | JsonValue[] = isMap ? {} : [];
    let index = skipSpaces(text, at + 1);
    if (text.charCodeAt(index) === close) return { value: result, end: index + 1 };
    for (;;) {
      if (isMap) {
        const keyAt = index;
        const code = text.charCodeAt(index);
        let key: string;
        if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) ({ value: key, end: index } = this.#quoted(index));
        else {
          PLAIN_KEY.lastIndex = index;
          key = (PLAIN_KEY.exec(text) ?? notCommon())[0];
          index += key.length;
          if (isNullKey(key)) notCommon();
        }
        if (index - keyAt > MAX_KEY_LENGTH || text.charCodeAt(index) !== COLON || text.charCodeAt(index + 1) !== SPACE) notCommon();
        (place.keys as string[]).push(key);
        place.keyOffsets.push(keyAt);
        const item = this.#flowValue(skipSpaces(text, index + 1), place, depth);
        set(result as Record<string, JsonValue>, key, item.value);
        index = item.end;
      } else {
        place.keyOffsets.push(index);
        const item = this.#flowValue(index, place, depth);
        (result as JsonValue[]).push(item.value);
        index = item.end;
      }
      index = skipSpaces(text, index);
      const code = text.charCodeAt(index);
      if (code === close) return { value: result, end: index + 1 };
      if (code !== COMMA) notCommon();
      index = skipSpaces(text, index + 1);
      if (text.charCodeAt(index) === close) return { value: result, end: index + 1 };
    }
  }

  /** A value inside a flow collection, at `at`. */
  #flowValue(at: number, place: Place, depth: number): { value: JsonValue; end: number } {
    const text = this.#text;
    const code = text.charCodeAt(at);
    if (code === 0x7b || code === 0x5b) {
      const nested = newPlace(at, code === 0x7b);
      place.values.push(nested);
      return this.#flow(at, nested, depth + 1);
    }
    place.values.push(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) return this.#quoted(at);
    return this.#flowPlain(at);
  }

  /** A plain scalar inside a flow collection: up to `,`, a bracket, `: ` or the line's end. */
  #flowPlain(at: number): { value: JsonValue; end: number } {
    const text = this.#text;
    const code = text.charCodeAt(at);
    if (BLOCK_INDICATOR.test(text[at] as string) || ((code === DASH || code === 0x3f || code === COLON) && isBlankOrFlow(text, at + 1))) notCommon();
    let end = at;
    for (let index = at; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === NEWLINE || isFlowIndicator(char)) break;
      if (char === HASH && text.charCodeAt(index - 1) === SPACE) notCommon();
      if (char === COLON && isBlankOrFlow(text, index + 1)) notCommon();
      if (char !== SPACE) end = index + 1;
    }
    if (end === at) notCommon();
    return { value: plainValue(text.slice(at, end)), end };
  }
}

function isBlank(code: number): boolean {
  return code === SPACE || code === NEWLINE || Number.isNaN(code);
}

function isFlowIndicator(code: number): boolean {
  return code === COMMA || code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d;
}

function isBlankOrFlow(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return isBlank(code) || isFlowIndicator(code);
}

function skipSpaces(text: string, at: number): number {
  let index = at;
  while (text.charCodeAt(index) === SPACE) index++;
  return index;
}

/** Positions for a file read by `parseSimpleYaml`. */
class SimpleSource implements YamlSource {
  readonly issues: readonly ConfigIssue[] = [];
  readonly file: string;
  readonly value: JsonValue;
  readonly #text: string;
  readonly #root: Place;
  readonly #indexes = new WeakMap<Place, Map<string, number>>();
  #lineStarts: number[] | undefined;

  constructor(file: string, text: string, root: Place & { value: JsonValue }) {
    this.file = file;
    this.#text = text;
    this.#root = root;
    this.value = root.value;
  }

  locate(path: KeyPath, target: 'key' | 'value' = 'value'): SourceLocation {
    let place = this.#root;
    for (const [index, segment] of path.entries()) {
      let entry: number | undefined;
      if (place.keys !== undefined && typeof segment === 'string') entry = this.#index(place).get(segment);
      else if (place.keys === undefined && typeof segment === 'number' && segment < place.values.length) entry = segment;
      if (entry === undefined) break;
      const value = place.values[entry] as Place | number;
      const keyOffset = place.keyOffsets[entry] as number;
      if (place.keys !== undefined && ((index === path.length - 1 && target === 'key') || value === -1)) return this.#position(keyOffset);
      if (typeof value === 'number') return this.#position(value);
      place = value;
    }
    return this.#position(place.offset);
  }

  issueAt(path: KeyPath, message: string, target: 'key' | 'value' = 'value'): ConfigIssue {
    return issueAtLocation(this.locate(path, target), path, message);
  }

  #index(place: Place): Map<string, number> {
    let index = this.#indexes.get(place);
    if (index === undefined) {
      index = new Map((place.keys as string[]).map((key, position) => [key, position]));
      this.#indexes.set(place, index);
    }
    return index;
  }

  #position(offset: number): SourceLocation {
    return { file: this.file, ...lineAndColumn((this.#lineStarts ??= lineStarts(this.#text)), offset) };
  }
}
