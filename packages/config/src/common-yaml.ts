import type { JsonObject, JsonValue } from '@dataiku-iac/models';
import type { CST } from 'yaml';
import type { ConfigIssue } from './config-error.js';
import type { SourceLocation } from './configuration.js';
import { issueAtLocation, type KeyPath } from './key-path.js';
import { yamlPackage } from './yaml-package.js';
import type { YamlSource } from './yaml-source.js';
import { isNullKey, lineAndColumn, lineStarts, MAX_COMMON_DEPTH, NotCommon, notCommon, plainValue, set } from './yaml-subset.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type MapToken = CST.BlockMap | CST.FlowCollection;
type Item = CST.CollectionItem;

/**
 * A YAML file read straight from the `yaml` parser's syntax tree, skipping its composer (about a
 * quarter of the parsing time), when the file keeps to the YAML that configurations are written
 * in: one document of block and flow collections with plain, quoted and block scalars and comments,
 * and no anchors, aliases, tags, explicit keys, duplicate or null keys, merge keys, tabs in
 * indentation or deep nesting. Every check the composer makes on such files is made here, so a file
 * accepted here is one the composer reads without error into the same value; anything else gives
 * `undefined`, and the full composer reads the file.
 */
export function parseCommonYaml(text: string, file: string): YamlSource | undefined {
  try {
    const document = onlyDocument(new (yamlPackage().Parser)().parse(text));
    const value = new CommonComposer().document(document);
    return new CommonSource(file, text, document.value as Token, value);
  } catch (error) {
    if (error instanceof NotCommon) return undefined;
    throw error;
  }
}

function onlyDocument(tokens: Iterable<Token>): CST.Document {
  let document: CST.Document | undefined;
  for (const token of tokens) {
    if (token.type === 'document' && document === undefined) document = token;
    else if (token.type !== 'comment' && token.type !== 'newline' && !isSpace(token)) notCommon();
  }
  return document ?? notCommon();
}

function isSpace(token: Token): boolean {
  return token.type === 'space' && !token.source.includes('\t');
}

interface Props {
  readonly found: SourceToken | undefined;
  readonly comma: boolean;
  readonly hasNewline: boolean;
}

/** The composer's rules for the tokens before a node (`resolveProps`), for the tokens this subset allows. */
function props(tokens: readonly SourceToken[], indicator: SourceToken['type'], startOnNewline: boolean, flow: boolean): Props {
  let hasSpace = startOnNewline;
  let found: SourceToken | undefined;
  let comma = false;
  let hasNewline = false;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        if (token.source.includes('\t')) notCommon();
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) notCommon();
        break;
      case 'newline':
        hasNewline = true;
        hasSpace = true;
        break;
      case 'comma':
        if (!flow || comma) notCommon();
        comma = true;
        hasSpace = false;
        break;
      default:
        if (token.type !== indicator || found !== undefined) notCommon();
        found = token;
        hasSpace = false;
    }
  }
  return { found, comma, hasNewline };
}

/** Tokens after a node: spaces, newlines and comments (after a space when `spaceBeforeComment`). */
function checkEnd(tokens: readonly SourceToken[] | undefined, spaceBeforeComment: boolean): void {
  let hasSpace = false;
  for (const token of tokens ?? []) {
    if (token.type === 'comment' && spaceBeforeComment && !hasSpace) notCommon();
    else if (token.type === 'newline' || isSpace(token)) hasSpace = true;
    else if (token.type !== 'comment') notCommon();
  }
}

function isFlowScalar(token: Token | null | undefined): token is CST.FlowScalar {
  return token?.type === 'scalar' || token?.type === 'single-quoted-scalar' || token?.type === 'double-quoted-scalar';
}

/** The text of a scalar (folded, unescaped), or not common when the composer would report an error in it. */
function scalarText(token: CST.FlowScalar | CST.BlockScalar): string {
  const resolved = yamlPackage().CST.resolveAsScalar(token, true, notCommon) as { value: string };
  return resolved.value;
}

/**
 * The text of a map key as the full reader takes it: a quoted key's string, a plain key as written
 * (`123:` is "123"). Keys on several lines, null keys and merge keys (`<<`) are not common.
 */
function keyText(token: Token | null | undefined): string {
  if (!isFlowScalar(token) || token.source.includes('\n') || token.end?.some((end) => end.type === 'newline') === true) notCommon();
  const text = scalarText(token);
  if (token.type !== 'scalar') return text;
  if (text === '<<' || isNullKey(text)) notCommon();
  return text;
}

class CommonComposer {
  document(document: CST.Document): JsonValue {
    const value = document.value ?? notCommon();
    const start = props(document.start, 'doc-start', true, false);
    if (start.found !== undefined && !start.hasNewline && (value.type === 'block-map' || value.type === 'block-seq')) notCommon();
    checkEnd(document.end, false);
    return this.#node(value, 0, false);
  }

  #node(token: Token, depth: number, inFlow: boolean): JsonValue {
    if (depth > MAX_COMMON_DEPTH) notCommon();
    switch (token.type) {
      case 'scalar':
        return plainValue(scalarText(token));
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return scalarText(token);
      case 'block-scalar':
        if (inFlow) notCommon();
        return scalarText(token);
      case 'block-map':
        if (inFlow) notCommon();
        return this.#blockMap(token, depth);
      case 'block-seq':
        if (inFlow) notCommon();
        return this.#blockSeq(token, depth);
      case 'flow-collection':
        return this.#flowCollection(token, depth);
      default:
        return notCommon();
    }
  }

  #blockMap(map: CST.BlockMap, depth: number): JsonObject {
    const result: Record<string, JsonValue> = {};
    map.items.forEach((item: Item & { explicitKey?: true }, index) => {
      const start = props(item.start, 'explicit-key-ind', true, false);
      if (start.found !== undefined || item.explicitKey === true) notCommon();
      if (item.key === undefined && item.sep === undefined && item.value === undefined) {
        // Comments after the last entry.
        if (index !== map.items.length - 1) notCommon();
        return;
      }
      const keyToken = item.key ?? notCommon();
      if ('indent' in keyToken && keyToken.indent !== map.indent) notCommon();
      const key = keyText(keyToken);
      const sep = props(item.sep ?? notCommon(), 'map-value-ind', false, false);
      const indicator = sep.found ?? notCommon();
      // The composer refuses an implicit key whose ":" is more than 1024 characters after it.
      if (indicator.offset - keyToken.offset > 1000) notCommon();
      if (item.value?.type === 'block-map' && !sep.hasNewline) notCommon();
      set(result, key, item.value === undefined ? null : this.#node(item.value, depth + 1, false));
    });
    return result;
  }

  #blockSeq(seq: CST.BlockSequence, depth: number): JsonValue[] {
    const result: JsonValue[] = [];
    seq.items.forEach((item, index) => {
      const start = props(item.start, 'seq-item-ind', true, false);
      if (start.found === undefined) {
        // Comments after the last item.
        if (item.value !== undefined || index !== seq.items.length - 1) notCommon();
        return;
      }
      result.push(this.#node(item.value ?? notCommon(), depth + 1, false));
    });
    return result;
  }

  #flowCollection(collection: CST.FlowCollection, depth: number): JsonValue {
    const isMap = collection.start.source === '{';
    const result: Record<string, JsonValue> | JsonValue[] = isMap ? {} : [];
    collection.items.forEach((item, index) => {
      const start = props(item.start, 'explicit-key-ind', false, true);
      if (start.found !== undefined) notCommon();
      if (item.key === undefined && item.sep === undefined && item.value === undefined) {
        // After a trailing comma.
        if (index === 0 ? start.comma : index !== collection.items.length - 1) notCommon();
        return;
      }
      if (index === 0 ? start.comma : !start.comma) notCommon();
      if (Array.isArray(result)) {
        if (item.key !== undefined || item.sep !== undefined) notCommon();
        result.push(this.#node(item.value ?? notCommon(), depth + 1, true));
        return;
      }
      const key = keyText(item.key);
      if (props(item.sep ?? notCommon(), 'map-value-ind', false, true).found === undefined) notCommon();
      set(result, key, item.value === undefined ? null : this.#node(item.value, depth + 1, true));
    });
    const [close, ...after] = collection.end;
    if (close?.source !== (isMap ? '}' : ']')) notCommon();
    checkEnd(after, true);
    return result;
  }
}

/** Positions for a file read by `parseCommonYaml`, from the syntax tree's offsets. */
class CommonSource implements YamlSource {
  readonly issues: readonly ConfigIssue[] = [];
  readonly file: string;
  readonly value: JsonValue;
  readonly #text: string;
  readonly #root: Token;
  readonly #itemsByMap = new WeakMap<MapToken, Map<string, Item>>();
  #lineStarts: number[] | undefined;

  constructor(file: string, text: string, root: Token, value: JsonValue) {
    this.file = file;
    this.#text = text;
    this.#root = root;
    this.value = value;
  }

  locate(path: KeyPath, target: 'key' | 'value' = 'value'): SourceLocation {
    let node = this.#root;
    for (const [index, segment] of path.entries()) {
      if (isMapToken(node) && typeof segment === 'string') {
        const item = this.#items(node).get(segment);
        if (item === undefined) break;
        const keyOffset = (item.key as Token).offset;
        if ((index === path.length - 1 && target === 'key') || item.value === undefined || isEmptyScalar(item.value)) return this.#position(keyOffset);
        node = item.value;
      } else if (isSeqToken(node) && typeof segment === 'number') {
        const value = node.items.filter((item) => item.value !== undefined)[segment]?.value;
        if (value === undefined) break;
        node = value;
      } else {
        break;
      }
    }
    return this.#position(node.offset);
  }

  issueAt(path: KeyPath, message: string, target: 'key' | 'value' = 'value'): ConfigIssue {
    return issueAtLocation(this.locate(path, target), path, message);
  }

  #items(map: MapToken): Map<string, Item> {
    let items = this.#itemsByMap.get(map);
    if (items === undefined) {
      items = new Map();
      for (const item of map.items) if (item.key !== undefined && item.key !== null) items.set(keyText(item.key), item);
      this.#itemsByMap.set(map, items);
    }
    return items;
  }

  /** 1-based line and column of an offset, as `yaml`'s LineCounter gives them. */
  #position(offset: number): SourceLocation {
    return { file: this.file, ...lineAndColumn((this.#lineStarts ??= lineStarts(this.#text)), offset) };
  }
}

function isMapToken(token: Token): token is MapToken {
  return token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
}

function isSeqToken(token: Token): token is CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-seq' || (token.type === 'flow-collection' && token.start.source === '[');
}

function isEmptyScalar(token: Token): boolean {
  return token.type === 'scalar' && token.source === '';
}
