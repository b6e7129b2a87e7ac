import type { JsonObject, JsonValue } from '@dataiku-iac/models';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import type { ConfigIssue } from './config-error.js';
import type { SourceLocation } from './configuration.js';
import { parseCommonYaml } from './common-yaml.js';
import { parseSimpleYaml } from './simple-yaml.js';
import { yamlPackage } from './yaml-package.js';
import { issueAtLocation, type KeyPath } from './key-path.js';

/** Deeper than this, a value is refused (the state's canonical JSON stops at 512 levels). */
export const MAX_YAML_DEPTH = 500;
/** Values that aliases may copy in one file, in total: enough for any real reuse, not for an alias bomb. */
export const MAX_ALIASED_VALUES = 1_000_000;

/** A parsed YAML file: its JSON value (when it has no issue) and the way back to lines and columns. */
export interface YamlSource {
  /** The file as shown in messages. */
  readonly file: string;
  /** `undefined` when the file has issues. */
  readonly value: JsonValue | undefined;
  readonly issues: readonly ConfigIssue[];
  /** Where the value at `path` is (or, with `'key'`, its key); the closest existing parent when it is absent. */
  locate(path: KeyPath, target?: 'key' | 'value'): SourceLocation;
  /** An issue about the key or value at `path`: `path: message`. */
  issueAt(path: KeyPath, message: string, target?: 'key' | 'value'): ConfigIssue;
}

/**
 * Parse one YAML document into JSON, refusing what JSON or a configuration cannot hold: syntax
 * errors and warnings (unknown tags…), duplicate keys, keys that are not strings, merge keys (`<<`),
 * `.inf` and `.nan`, nesting deeper than `MAX_YAML_DEPTH`, unknown or self-containing aliases.
 * Files in the YAML configurations are usually written in skip the `yaml` package (`parseSimpleYaml`)
 * or at least its composer (`parseCommonYaml`).
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  return parseSimpleYaml(text, file) ?? parseCommonYaml(text, file) ?? parseFullYaml(text, file);
}

/** `parseYamlSource` through the `yaml` package's composer: any YAML, every error and warning. */
export function parseFullYaml(text: string, file: string): YamlSource {
  const yaml = yamlPackage();
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const source = new Source(file, document, lineCounter);
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    for (const problem of problems) {
      const message = problem.code === 'MULTIPLE_DOCS' ? 'a configuration file holds one YAML document (a second one starts here)' : firstLine(problem.message);
      source.issues.push({ ...source.position(problem.pos[0]), message: `invalid YAML: ${message}` });
    }
    return source;
  }
  if (document.contents === null) {
    source.issues.push({ file, line: 1, column: 1, message: 'the file is empty (expected "version: 1" and "projects")' });
    return source;
  }
  const value = new Converter(source).convert(document.contents, [], 0);
  if (source.issues.length === 0) source.value = value;
  return source;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] as string).trim();
}

class Source implements YamlSource {
  value: JsonValue | undefined = undefined;
  readonly issues: ConfigIssue[] = [];
  /** Alias → the node it copies, filled while converting. */
  readonly aliasTargets = new Map<Node, Node>();
  readonly #pairsByMap = new WeakMap<YAMLMap, Map<string, Pair>>();

  readonly file: string;
  readonly document: Document;
  readonly lineCounter: LineCounter;

  constructor(file: string, document: Document, lineCounter: LineCounter) {
    this.file = file;
    this.document = document;
    this.lineCounter = lineCounter;
  }

  position(offset: number): SourceLocation {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line, column: col };
  }

  locate(path: KeyPath, target: 'key' | 'value' = 'value'): SourceLocation {
    let node = this.document.contents as Node;
    let offset = node.range?.[0] ?? 0;
    for (const [index, segment] of path.entries()) {
      node = this.aliasTargets.get(node) ?? node;
      const last = index === path.length - 1;
      if (yamlPackage().isMap(node) && typeof segment === 'string') {
        const pair = this.pairs(node).get(segment);
        if (pair === undefined) break;
        const keyOffset = (pair.key as Node).range?.[0] ?? offset;
        if (last && target === 'key') return this.position(keyOffset);
        if (!isNodeValue(pair.value) || isEmptyScalar(pair.value)) return this.position(keyOffset);
        node = pair.value;
      } else if (yamlPackage().isSeq(node) && typeof segment === 'number' && isNodeValue(node.items[segment])) {
        node = node.items[segment];
      } else {
        break;
      }
      offset = node.range?.[0] ?? offset;
    }
    return this.position(offset);
  }

  issueAt(path: KeyPath, message: string, target: 'key' | 'value' = 'value'): ConfigIssue {
    return issueAtLocation(this.locate(path, target), path, message);
  }

  /** The pairs of a map by key text, built once per map (the map is free of duplicates by then). */
  private pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.#pairsByMap.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const pair of map.items) {
        const key = keyText(pair.key);
        if (key !== undefined && !pairs.has(key)) pairs.set(key, pair);
      }
      this.#pairsByMap.set(map, pairs);
    }
    return pairs;
  }
}

function isNodeValue(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && (yamlPackage().isScalar(value) || yamlPackage().isMap(value) || yamlPackage().isSeq(value) || yamlPackage().isAlias(value));
}

/** `key:` with nothing after it: shown at its key. */
function isEmptyScalar(node: Node): boolean {
  return yamlPackage().isScalar(node) && node.value === null && node.source === '';
}

/** The text of a scalar key as written (`123:` is the key "123"); `undefined` for null and collection keys. */
function keyText(key: unknown): string | undefined {
  if (!yamlPackage().isScalar(key)) return undefined;
  const value = key.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return key.source ?? String(value);
  return undefined;
}

class Converter {
  readonly #source: Source;
  readonly #anchors = new Map<string, Node>();
  readonly #converted = new Map<Node, { value: JsonValue; size: number }>();
  readonly #inProgress = new Set<Node>();
  #aliased = 0;
  #size = 0;

  constructor(source: Source) {
    this.#source = source;
  }

  convert(node: Node, path: KeyPath, depth: number): JsonValue {
    if (depth > MAX_YAML_DEPTH) {
      this.#issue(node, path, `nested deeper than ${MAX_YAML_DEPTH} levels`);
      return null;
    }
    if (yamlPackage().isAlias(node)) return this.#alias(node, path);
    const anchored = node.anchor !== undefined;
    if (anchored) {
      this.#anchors.set(node.anchor as string, node);
      this.#inProgress.add(node);
    }
    const sizeBefore = this.#size;
    const value = yamlPackage().isMap(node) ? this.#map(node, path, depth) : yamlPackage().isSeq(node) ? this.#seq(node.items, path, depth) : this.#scalar(node, path);
    this.#size += 1;
    if (anchored) {
      this.#inProgress.delete(node);
      this.#converted.set(node, { value, size: this.#size - sizeBefore });
    }
    return value;
  }

  #alias(node: Node & { source: string }, path: KeyPath): JsonValue {
    const target = this.#anchors.get(node.source);
    if (target === undefined) {
      this.#issue(node, path, `unknown anchor *${node.source} (anchors must be defined before their aliases)`);
      return null;
    }
    this.#source.aliasTargets.set(node, target);
    const converted = this.#converted.get(target);
    if (converted === undefined || this.#inProgress.has(target)) {
      this.#issue(node, path, `alias *${node.source} refers to a value that contains it`);
      return null;
    }
    this.#aliased += converted.size;
    if (this.#aliased > MAX_ALIASED_VALUES) {
      this.#issue(node, path, `aliases copy more than ${MAX_ALIASED_VALUES} values in this file`);
      return null;
    }
    this.#size += converted.size;
    return converted.value;
  }

  #map(map: YAMLMap, path: KeyPath, depth: number): JsonObject {
    const result: Record<string, JsonValue> = {};
    const seen = new Map<string, Node>();
    for (const pair of map.items) {
      const key = this.#key(pair, path);
      if (key === undefined) continue;
      const keyNode = pair.key as Node;
      const childPath = [...path, key];
      const first = seen.get(key);
      if (first !== undefined) {
        const firstLine = this.#source.position(first.range?.[0] ?? 0).line;
        this.#issue(keyNode, childPath, `duplicate key (first declared on line ${firstLine})`);
        continue;
      }
      seen.set(key, keyNode);
      const value = isNodeValue(pair.value) ? this.convert(pair.value, childPath, depth + 1) : null;
      if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[key] = value;
    }
    return result;
  }

  #key(pair: Pair, path: KeyPath): string | undefined {
    const key = keyText(pair.key);
    const keyNode = isNodeValue(pair.key) ? pair.key : undefined;
    if (key === undefined) {
      this.#issue(keyNode ?? pair.value, path, 'keys must be strings');
      return undefined;
    }
    if (key === '<<' && yamlPackage().isScalar(pair.key) && pair.key.type === 'PLAIN') {
      this.#issue(keyNode, [...path, key], 'merge keys (<<) are not supported: repeat the keys, or alias the whole value');
      return undefined;
    }
    return key;
  }

  #seq(items: readonly unknown[], path: KeyPath, depth: number): JsonValue[] {
    return items.map((item, index) => {
      const childPath = [...path, index];
      // `[a: 1]` is a list of one-pair maps.
      if (yamlPackage().isPair(item)) {
        const key = this.#key(item, childPath);
        if (key === undefined) return null;
        const value = isNodeValue(item.value) ? this.convert(item.value, [...childPath, key], depth + 2) : null;
        return { [key]: value };
      }
      return isNodeValue(item) ? this.convert(item, childPath, depth + 1) : null;
    });
  }

  #scalar(node: Node, path: KeyPath): JsonValue {
    const value = (node as Node & { value: unknown }).value;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      this.#issue(node, path, 'must be a finite number (.inf and .nan are not JSON)');
      return null;
    }
    return value as JsonValue;
  }

  #issue(node: unknown, path: KeyPath, message: string): void {
    const offset = isNodeValue(node) ? (node.range?.[0] ?? 0) : 0;
    this.#source.issues.push(issueAtLocation(this.#source.position(offset), path, message));
  }
}
