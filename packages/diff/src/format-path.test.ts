import { describe, expect, it } from 'vitest';
import { appendIndex, appendKey, formatPath } from './format-path.js';

describe('formatPath', () => {
  it('joins identifier keys with dots and no leading dot', () => {
    expect(formatPath(['formatParams', 'separator'])).toBe('formatParams.separator');
    expect(formatPath(['schema', 'columns', 2, 'type'])).toBe('schema.columns[2].type');
    expect(formatPath(['payload', 'steps', 0, 'params'])).toBe('payload.steps[0].params');
  });

  it('accepts $, _ and - in identifiers (not as the first character for -)', () => {
    expect(formatPath(['$ref', '_x', 'a-b', 'A9'])).toBe('$ref._x.a-b.A9');
    expect(formatPath(['-a'])).toBe('["-a"]');
  });

  it('quotes other keys as JSON strings in brackets', () => {
    expect(formatPath(['params', 'my.key'])).toBe('params["my.key"]');
    expect(formatPath(['2021'])).toBe('["2021"]');
    expect(formatPath(['a', ''])).toBe('a[""]');
    expect(formatPath(['a', 'two words'])).toBe('a["two words"]');
    expect(formatPath(['a', 'café'])).toBe('a["café"]');
    expect(formatPath(['a', 'say "hi"\n'])).toBe('a["say \\"hi\\"\\n"]');
    expect(formatPath(['a', '__proto__'])).toBe('a.__proto__');
  });

  it('writes indices in brackets, also at the start and nested', () => {
    expect(formatPath([0])).toBe('[0]');
    expect(formatPath(['m', 1, 0])).toBe('m[1][0]');
    expect(formatPath([3, 'name'])).toBe('[3].name');
  });

  it('gives "" for the whole value', () => {
    expect(formatPath([])).toBe('');
  });

  it('matches the incremental helpers', () => {
    expect(appendIndex(appendKey(appendKey('', 'schema'), 'columns'), 2)).toBe(formatPath(['schema', 'columns', 2]));
  });
});
