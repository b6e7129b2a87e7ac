import { describe, expect, it } from 'vitest';
import { type CollectionTag, isScalar, type ScalarTag, Schema } from 'yaml';
import { isNullKey, NotCommon, plainValue } from './yaml-subset.js';

function isScalarTag(tag: ScalarTag | CollectionTag): tag is ScalarTag {
  return tag.collection === undefined && tag.test !== undefined;
}

/** What the `yaml` package's core schema makes of a plain scalar: its tags, tried in order. */
function yamlCoreValue(text: string): unknown {
  const tags = new Schema({}).tags.filter((tag): tag is ScalarTag => isScalarTag(tag) && tag.default === true);
  const tag = tags.find((candidate) => candidate.test?.test(text));
  if (tag === undefined) return text;
  const resolved: unknown = tag.resolve(text, () => undefined, { intAsBigInt: false });
  return isScalar(resolved) ? resolved.value : resolved;
}

const EDGE_CASES = [
  ...['', '~', 'null', 'Null', 'NULL', 'nULL', 'nul', 'none'],
  ...['true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n', 't', 'f'],
  ...['0', '-0', '+0', '00', '007', '12', '-12', '+12', '1_000', '0o17', '0o8', '0O17', '0o', '0x1F', '0xff', '0X1F', '0x', '0xg', '0b101'],
  ...['1.5', '1.', '.5', '-.5', '+.5', '1.50', '.', '-.', '1e3', '1E3', '1e+3', '1.5e-3', '.5e3', '1.e3', 'e3', '1e', '1e3.5', '1,5'],
  ...['.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', '-.nan', 'inf', 'nan', '9'.repeat(400), '1e999', '-1e999'],
  ...['1.2.3', '2026-12-02', '12:30', '0.1.0', '-', '+', 'fals', 'truex', 'nulls', '~x', 'x', 'Text'],
];

describe('plainValue', () => {
  it('resolves plain scalars as the yaml package does, and leaves non-finite numbers to the composer', () => {
    for (const text of EDGE_CASES) {
      const expected = yamlCoreValue(text);
      if (typeof expected === 'number' && !Number.isFinite(expected)) {
        expect(() => plainValue(text)).toThrow(NotCommon);
      } else {
        expect({ text, value: plainValue(text) }).toEqual({ text, value: expected });
      }
    }
  });

  it('tells null keys apart', () => {
    for (const text of EDGE_CASES) expect({ text, isNull: isNullKey(text) }).toEqual({ text, isNull: yamlCoreValue(text) === null });
  });
});
