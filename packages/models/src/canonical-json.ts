import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { JsonValue } from './json.js';

/**
 * Canonical JSON: byte-identical to Python's `json.dumps(value, sort_keys=True)`.
 *
 * - separators `", "` and `": "`; keys sorted by Unicode code point;
 * - every character outside printable ASCII escaped as lower-case `\uXXXX` (astral characters as
 *   surrogate pairs), control characters escaped as Python does (`\n`, `\t`, `\u0001`…);
 * - integers (JavaScript safe integers) printed as digits, other numbers in Python's float `repr`
 *   (`0.1`, `1e-05`, `1.5e+300`).
 *
 * Unavoidable divergence: JavaScript has one number type, so a float with a zero fraction such as
 * `1.0` reads as the integer `1` and is printed `1` where Python prints `1.0`, and integers beyond
 * 2^53 are not exact. DSS does not write either in the objects we track.
 */
export function canonicalJson(value: unknown): string {
  const bytes = canonicalBytes(value);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/**
 * The canonical JSON of `value` as ASCII bytes. The result is a view of a scratch buffer that the
 * next call overwrites: hash or copy it at once.
 */
export function canonicalBytes(value: unknown): Uint8Array {
  let plan: Plan;
  try {
    plan = inspect(value, 0);
  } catch (error) {
    if (!(error instanceof NotJsonError)) throw error;
    throw diagnose(value, [], 0) ?? new InvalidArgumentError(`canonical JSON: ${error.message}`);
  }
  if (plan === Plan.Reference) return Buffer.from(referenceJson(value), 'latin1');
  return pythonSeparators(JSON.stringify(plan === Plan.Sort ? sortedCopy(value) : value));
}

/** Deepest nesting accepted, in line with the recursion limit of Python's encoder. */
export const MAX_JSON_DEPTH = 512;

/**
 * How to serialise a value: natively with `JSON.stringify` when every object already lists its
 * keys in canonical order and every number prints the same in both languages; natively after a
 * sorted copy when only key order differs; with the reference serialiser otherwise. Keeping the
 * common case native makes checksums of large states cheap.
 */
const Plan = { Native: 0, Sort: 1, Reference: 2 } as const;
type Plan = (typeof Plan)[keyof typeof Plan];

/** Thrown by `inspect`, which does not track paths; `diagnose` finds where the problem is. */
class NotJsonError extends Error {}

function inspect(value: unknown, depth: number): Plan {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return Plan.Native;
    case 'number':
      return inspectNumber(value);
    case 'object':
      if (value === null) return Plan.Native;
      if (depth >= MAX_JSON_DEPTH) throw new NotJsonError(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
      return Array.isArray(value) ? inspectArray(value, depth) : inspectObject(value, depth);
    default:
      throw new NotJsonError(`is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, not a JSON value`);
  }
}

function inspectNumber(value: number): Plan {
  if (!Number.isFinite(value)) throw new NotJsonError(`is ${value}, not a JSON number`);
  if (Number.isSafeInteger(value)) return Plan.Native;
  const magnitude = Math.abs(value);
  // Both languages print shortest round-trip digits in fixed notation in this range.
  if (!Number.isInteger(value) && magnitude >= 1e-4 && magnitude < 1e16) return Plan.Native;
  return Plan.Reference;
}

function inspectArray(array: readonly unknown[], depth: number): Plan {
  let plan: Plan = Plan.Native;
  for (const item of array) {
    const itemPlan = inspect(item, depth + 1);
    if (itemPlan > plan) plan = itemPlan;
  }
  return plan;
}

function inspectObject(object: object, depth: number): Plan {
  assertPlainObject(object);
  const keys = Object.keys(object);
  let plan: Plan = Plan.Native;
  let sorted = true;
  let previous = '';
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (sorted && index > 0 && compareCodePoints(previous, key) > 0) sorted = false;
    previous = key;
    const itemPlan = inspect((object as Record<string, unknown>)[key], depth + 1);
    if (itemPlan > plan) plan = itemPlan;
  }
  if (sorted) return plan;
  // V8 always lists integer-like keys first, so a sorted copy cannot fix their order.
  return keys.some(isArrayIndex) ? Plan.Reference : (Math.max(plan, Plan.Sort) as Plan);
}

function assertPlainObject(object: object): void {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new NotJsonError(`is a ${object.constructor.name}, not a plain JSON object`);
  }
}

/** Walk again, tracking the path, to say where a value that `inspect` refused is. */
function diagnose(value: unknown, path: string[], depth: number): InvalidArgumentError | undefined {
  try {
    if (typeof value !== 'object' || value === null) {
      inspect(value, depth);
      return undefined;
    }
    if (depth >= MAX_JSON_DEPTH) inspect(value, depth);
    if (!Array.isArray(value)) assertPlainObject(value);
  } catch (error) {
    const shown = path.length > 8 ? `${path.slice(0, 8).join('')}…` : path.join('');
    return new InvalidArgumentError(`canonical JSON: ${path.length === 0 ? 'the value' : shown} ${(error as Error).message}`);
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [`[${index}]`, item])
    : Object.entries(value).map(([key, item]) => [`.${key}`, item]);
  for (const [segment, item] of entries) {
    path.push(segment);
    const found = diagnose(item, path, depth + 1);
    path.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** Order strings by Unicode code point, as Python sorts `str` keys (not by UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  if (index === length) return a.length - b.length;
  const unitA = a.charCodeAt(index);
  const unitB = b.charCodeAt(index);
  if (unitA < 0xd800 || unitB < 0xd800) return unitA - unitB;
  return compareByCodePoint(a, b);
}

function compareByCodePoint(a: string, b: string): number {
  const pointsA = Array.from(a, (char) => char.codePointAt(0) as number);
  const pointsB = Array.from(b, (char) => char.codePointAt(0) as number);
  const length = Math.min(pointsA.length, pointsB.length);
  for (let index = 0; index < length; index++) {
    const difference = (pointsA[index] as number) - (pointsB[index] as number);
    if (difference !== 0) return difference;
  }
  return pointsA.length - pointsB.length;
}

/**
 * A deep copy of a JSON value with every object's keys in canonical (code point) order, so that
 * `JSON.stringify` lists them as `canonicalJson` does. Build attributes with it and state files are
 * diff-friendly and load on the fast checksum path. Keys stay data: `"__proto__"` is copied as an
 * own property.
 */
export function toCanonicalOrder<T extends JsonValue>(value: T): T {
  return sortedCopy(value) as T;
}

function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const record = value as Record<string, unknown>;
  // Object.fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(
    Object.keys(record)
      .sort(compareCodePoints)
      .map((key) => [key, sortedCopy(record[key])]),
  );
}

let source = Buffer.allocUnsafe(1 << 16);
let scratch = new Uint8Array(1 << 17);
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const NEEDS_ESCAPE = /[\u007f-\uffff]/;

/**
 * Turn compact `JSON.stringify` output into Python's form in one pass: a space after every `,` and
 * `:` outside strings, and `\uXXXX` (lower case) for every UTF-16 unit from U+007F up. Everything
 * else JSON.stringify already writes as Python does. Pure-ASCII text (the common case) is copied
 * into bytes natively and processed as bytes, which is much faster than `charCodeAt`.
 */
function pythonSeparators(compact: string): Uint8Array {
  const length = compact.length;
  if (scratch.length < length * 6) scratch = new Uint8Array(Math.max(length * 6, scratch.length * 2));
  if (NEEDS_ESCAPE.test(compact)) return escapeUnits(compact, scratch);
  if (source.length < length) source = Buffer.allocUnsafe(Math.max(length, source.length * 2));
  source.write(compact, 0, 'latin1');
  const input = source;
  const out = scratch;
  let size = 0;
  let index = 0;
  while (index < length) {
    const byte = input[index++] as number;
    out[size++] = byte;
    if (byte === 0x22) {
      for (;;) {
        const inner = input[index++] as number;
        out[size++] = inner;
        if (inner === 0x22) break;
        if (inner === 0x5c) out[size++] = input[index++] as number;
      }
    } else if (byte === 0x2c || byte === 0x3a) {
      out[size++] = 0x20;
    }
  }
  return out.subarray(0, size);
}

function escapeUnits(compact: string, out: Uint8Array): Uint8Array {
  let size = 0;
  let inString = false;
  for (let index = 0; index < compact.length; index++) {
    const unit = compact.charCodeAt(index);
    if (unit >= 0x7f) {
      out[size++] = 0x5c;
      out[size++] = 0x75;
      out[size++] = HEX[unit >> 12] as number;
      out[size++] = HEX[(unit >> 8) & 15] as number;
      out[size++] = HEX[(unit >> 4) & 15] as number;
      out[size++] = HEX[unit & 15] as number;
      continue;
    }
    out[size++] = unit;
    if (inString) {
      if (unit === 0x5c) out[size++] = compact.charCodeAt(++index);
      else if (unit === 0x22) inString = false;
    } else if (unit === 0x22) {
      inString = true;
    } else if (unit === 0x2c || unit === 0x3a) {
      out[size++] = 0x20;
    }
  }
  return out.subarray(0, size);
}

const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_GLOBAL = /[\u007f-\uffff]/g;

function escapeNonAscii(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.replace(NON_ASCII_GLOBAL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pythonString(text: string): string {
  return escapeNonAscii(JSON.stringify(text));
}

/** The reference serialiser: slower, handles every case; expects a value `inspect` accepted. */
export function referenceCanonicalJson(value: unknown): string {
  return referenceJson(value);
}

function referenceJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pythonNumber(value);
    case 'string':
      return pythonString(value);
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(referenceJson).join(', ')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort(compareCodePoints)
    .map((key) => `${pythonString(key)}: ${referenceJson(record[key])}`);
  return `{${members.join(', ')}}`;
}

/** Python's `repr` of a number that came from JSON: integers as digits, floats shortest round-trip. */
export function pythonNumber(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  const [mantissa = '', exponentText = ''] = value.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const pointPosition = exponent + 1;
  if (pointPosition > -4 && pointPosition <= 16) {
    if (pointPosition <= 0) return `${sign}0.${'0'.repeat(-pointPosition)}${digits}`;
    if (pointPosition >= digits.length) return `${sign}${digits}${'0'.repeat(pointPosition - digits.length)}.0`;
    return `${sign}${digits.slice(0, pointPosition)}.${digits.slice(pointPosition)}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${digits[0] ?? ''}${fraction}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
}
