import type { JsonValue } from '@dataiku-iac/models';
import { type CollectionTag, isScalar, type ScalarTag, Schema } from 'yaml';

// What the fast YAML readers (common-yaml.ts, simple-yaml.ts) share: the signal to leave a file to
// the next reader, and the composer's rules for plain scalars and keys.

/** Deeper than this, the file is left to the full composer (which has the limit and its message). */
export const MAX_COMMON_DEPTH = 64;

/** The core schema's scalar types, in the order the composer tries them (`yaml`'s own tags). */
export const VALUE_TAGS = new Schema({}).tags.filter((tag): tag is ScalarTag => isScalarTag(tag) && tag.default === true);
export const KEY_TAGS = new Schema({}).tags.filter((tag): tag is ScalarTag => isScalarTag(tag) && (tag.default === true || tag.default === 'key'));
const RESOLVE_OPTIONS = { intAsBigInt: false };

function isScalarTag(tag: ScalarTag | CollectionTag): tag is ScalarTag {
  return tag.collection === undefined && tag.test !== undefined;
}

/** The file leaves the common subset: the full composer reads it, with its errors and positions. */
export class NotCommon extends Error {}

export function notCommon(): never {
  throw new NotCommon();
}

/** How a null, a boolean or a number of the core schema can start: anything else is a string. */
const NOT_ONLY_STRING = /^(?:$|[-+.0-9~nNtTfF])/;

/** A plain scalar's value under the core schema, as the composer resolves it. */
export function plainValue(text: string, tags: readonly ScalarTag[]): JsonValue {
  if (!NOT_ONLY_STRING.test(text)) return text;
  const tag = tags.find((candidate) => candidate.test?.test(text));
  if (tag === undefined) return text;
  const resolved: unknown = tag.resolve(text, notCommon, RESOLVE_OPTIONS);
  const value = isScalar(resolved) ? resolved.value : resolved;
  if (typeof value === 'number' && !Number.isFinite(value)) notCommon();
  return value as JsonValue;
}

/** Adds a key, refusing duplicates; `__proto__` is data. */
export function set(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (Object.hasOwn(target, key)) notCommon();
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** The offset at which each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** 1-based line and column of `offset`, as `yaml`'s LineCounter gives them. */
export function lineAndColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offset < (starts[middle] as number)) high = middle;
    else low = middle + 1;
  }
  return { line: low, column: offset - (starts[low - 1] as number) + 1 };
}
