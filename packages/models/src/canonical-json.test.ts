import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, compareCodePoints, pythonNumber, referenceCanonicalJson, toCanonicalOrder } from './canonical-json.js';
import { computeChecksum } from './checksum.js';
import { hasErrorCode } from './errors/dataiku-iac-error.js';
import type { JsonObject } from './json.js';

interface Vector {
  readonly attributes: JsonObject;
  readonly canonical: string;
  readonly sha256: string;
}

function readVectors(name: string): Vector[] {
  const url = new URL(`./__fixtures__/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { vectors: Vector[] }).vectors;
}

const pythonVectors = readVectors('checksum-vectors.json');
const generatedVectors = readVectors('generated-vectors.json');

describe('canonicalJson matches Python json.dumps(sort_keys=True)', () => {
  it.each(pythonVectors.map((vector, index) => [index, vector] as const))('shared vector %i', (_index, vector) => {
    expect(canonicalJson(vector.attributes)).toBe(vector.canonical);
    expect(computeChecksum(vector.attributes)).toBe(vector.sha256);
  });

  it('matches all 400 generated vectors (unicode keys, astral characters, floats, nesting)', () => {
    expect(generatedVectors).toHaveLength(400);
    for (const vector of generatedVectors) {
      expect(canonicalJson(vector.attributes)).toBe(vector.canonical);
      expect(computeChecksum(vector.attributes)).toBe(vector.sha256);
    }
  });

  it('agrees with the reference serialiser on every generated vector', () => {
    for (const vector of generatedVectors) {
      expect(referenceCanonicalJson(vector.attributes)).toBe(vector.canonical);
    }
  });

  it('sorts keys by code point, not by UTF-16 code unit', () => {
    // U+FF61 is one UTF-16 unit above the surrogates; U+1F600 is a surrogate pair, so a
    // code-unit sort would put the emoji first. Python puts it last.
    expect(canonicalJson({ '😀': 1, '｡': 2 })).toBe('{"\\uff61": 2, "\\ud83d\\ude00": 1}');
  });

  it('sorts integer-like keys as strings, as Python does', () => {
    expect(canonicalJson({ 10: 'a', 2: 'b', x: 'c', 1: 'd', '-1': 'e' })).toBe(
      '{"-1": "e", "1": "d", "10": "a", "2": "b", "x": "c"}',
    );
  });

  it('sorts integer-like keys even when a nested object also needs sorting', () => {
    expect(canonicalJson(JSON.parse('{"10": {"b": 1, "a": 2}, "": []}'))).toBe('{"": [], "10": {"a": 2, "b": 1}}');
  });

  it('escapes DEL, line separators and lone surrogates', () => {
    const value = JSON.parse('{"s": "\\u007f\\u2028\\ud800x\\udfff"}') as JsonObject;
    expect(canonicalJson(value)).toBe('{"s": "\\u007f\\u2028\\ud800x\\udfff"}');
  });

  it('prints nested empty containers and top-level scalars like Python', () => {
    expect(canonicalJson({ a: [], b: {}, c: [[], [{}]] })).toBe('{"a": [], "b": {}, "c": [[], [{}]]}');
    expect(canonicalJson('é')).toBe('"\\u00e9"');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson([1, true, false])).toBe('[1, true, false]');
  });

  it('keeps strings that look like JSON syntax intact', () => {
    const tricky = { 'a,\n b': 'x,\n  y', 'k: v': '[1, {"a": 2}]' };
    expect(canonicalJson(tricky)).toBe('{"a,\\n b": "x,\\n  y", "k: v": "[1, {\\"a\\": 2}]"}');
  });

  it('keeps "__proto__" and "constructor" keys as plain data', () => {
    const value = JSON.parse('{"z": 1, "__proto__": {"polluted": true}, "constructor": "x"}') as JsonObject;
    expect(canonicalJson(value)).toBe('{"__proto__": {"polluted": true}, "constructor": "x", "z": 1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, number>;
    bare.b = 1;
    bare.a = 2;
    expect(canonicalJson(bare)).toBe('{"a": 2, "b": 1}');
  });

  it('documents the divergence: a zero-fraction float reads as an integer', () => {
    // Python: json.dumps(json.loads('{"x": 1.0}')) == '{"x": 1.0}'
    expect(canonicalJson(JSON.parse('{"x": 1.0}'))).toBe('{"x": 1}');
  });
});

describe('canonicalJson rejects values that are not JSON', () => {
  it.each([
    ['undefined', { a: undefined }, '.a is undefined'],
    ['a function', { a: [() => 1] }, '.a[0] is a function'],
    ['NaN', { a: { b: Number.NaN } }, '.a.b is NaN'],
    ['Infinity', { a: Infinity }, 'is Infinity'],
    ['a Date', { when: new Date(0) }, '.when is a Date'],
    ['a Map', { m: new Map() }, '.m is a Map'],
    ['a bigint', { n: 1n }, '.n is a bigint'],
  ])('%s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
    try {
      canonicalJson(value);
    } catch (error) {
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('rejects nesting deeper than 512 levels with a clear message', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 600; level++) deep = [deep];
    expect(() => canonicalJson({ deep })).toThrow('canonical JSON: .deep[0][0][0][0][0][0][0]… is nested deeper than 512 levels');
  });

  it('rejects a non-JSON value at the top level', () => {
    expect(() => canonicalJson(undefined)).toThrow('the value is undefined');
  });
});

describe('pythonNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [9007199254740991, '9007199254740991'],
    [0.1, '0.1'],
    [-3.75, '-3.75'],
    [1e-4, '0.0001'],
    [9.99e-5, '9.99e-05'],
    [1e-5, '1e-05'],
    [1.23e-7, '1.23e-07'],
    [123456.789, '123456.789'],
    [1234567890123456.5, '1234567890123456.5'],
    [1e16, '1e+16'],
    [2 ** 53, '9007199254740992.0'],
    [1.5e300, '1.5e+300'],
    [-2.5e-300, '-2.5e-300'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1e100, '1e+100'],
  ])('%d → %s', (value, expected) => {
    expect(pythonNumber(value)).toBe(expected);
  });
});

describe('compareCodePoints', () => {
  it('orders like Python sorted()', () => {
    const keys = ['b', 'a', '😀', '\uffff', '\ue000', 'ab', '', 'B', '\u{10000}', '\u{1f600}x'];
    expect([...keys].sort(compareCodePoints)).toEqual(['', 'B', 'a', 'ab', 'b', '\ue000', '\uffff', '\u{10000}', '😀', '\u{1f600}x']);
  });

  it('returns 0 for equal strings and orders prefixes first', () => {
    expect(compareCodePoints('abc', 'abc')).toBe(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('\u{1f600}', '\u{1f600}a')).toBeLessThan(0);
  });

  it('orders a lone surrogate by its own code point, as Python does', () => {
    expect(compareCodePoints('\ud800', '\ue000')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\ue000')).toBeGreaterThan(0);
  });
});

describe('toCanonicalOrder', () => {
  it('sorts keys deeply by code point and keeps values', () => {
    const value = { b: [{ z: 1, y: { d: 2, c: 3 } }], a: null, '😀': 'x', '\uff61': 'y' };
    const sorted = toCanonicalOrder(value);
    expect(JSON.stringify(sorted)).toBe('{"a":null,"b":[{"y":{"c":3,"d":2},"z":1}],"\uff61":"y","😀":"x"}');
    expect(sorted).toEqual(value);
    expect(sorted).not.toBe(value);
  });

  it('keeps "__proto__" as data', () => {
    const value = JSON.parse('{"b": 1, "__proto__": {"x": 1}}') as JsonObject;
    const sorted = toCanonicalOrder(value) as Record<string, unknown>;
    expect(Object.keys(sorted)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
  });
});
