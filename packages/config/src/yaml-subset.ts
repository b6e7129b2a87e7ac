import type { JsonValue } from '@dataiku-iac/models';

// What the fast YAML readers (common-yaml.ts, simple-yaml.ts) share: the signal to leave a file to
// the next reader, and the composer's rules for plain scalars and keys.

/** Deeper than this, the file is left to the full composer (which has the limit and its message). */
export const MAX_COMMON_DEPTH = 64;

/** The file leaves the common subset: the full composer reads it, with its errors and positions. */
export class NotCommon extends Error {}

export function notCommon(): never {
  throw new NotCommon();
}

// The YAML 1.2 core schema's tests, tried in the `yaml` package's order (`yaml/dist/schema/core`),
// without loading it: a test compares both on a list of edge cases.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEXADECIMAL = /^0x[0-9a-fA-F]+$/;
const NOT_FINITE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXPONENT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FRACTION = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** How a null, a boolean or a number of the core schema can start: anything else is a string. */
const NOT_ONLY_STRING = /^(?:$|[-+.0-9~nNtTfF])/;

/** A plain scalar's value under the core schema, as the composer resolves it; `.inf`, `.nan` and numbers too large for a double leave the subset. */
export function plainValue(text: string): JsonValue {
  if (!NOT_ONLY_STRING.test(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOLEAN.test(text)) return text.startsWith('t') || text.startsWith('T');
  let number: number;
  if (OCTAL.test(text)) number = Number.parseInt(text.slice(2), 8);
  else if (DECIMAL.test(text)) number = Number.parseInt(text, 10);
  else if (HEXADECIMAL.test(text)) number = Number.parseInt(text.slice(2), 16);
  else if (NOT_FINITE.test(text)) return notCommon();
  else if (EXPONENT.test(text) || FRACTION.test(text)) number = Number.parseFloat(text);
  else return text;
  return Number.isFinite(number) ? number : notCommon();
}

/** A plain key the composer's readers refuse: a null one. */
export function isNullKey(text: string): boolean {
  return NULL.test(text);
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
