import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from './find-duplicate-keys.js';

const scan = (text: string) => findDuplicateKeys(Buffer.from(text, 'utf8'));

describe('findDuplicateKeys', () => {
  it('finds nothing in JSON without duplicates', () => {
    expect(scan('{"b": 1, "a": {"x": [1, {"x": 2}], "y": "\\"x\\": 1"}, "c": []}')).toEqual([]);
    expect(scan('[{"a": 1}, {"a": 2}]')).toEqual([]);
    expect(scan('"just a string"')).toEqual([]);
  });

  it('finds a duplicate at the root and names it', () => {
    expect(scan('{"version": 1, "serial": 2, "version": 1}')).toEqual([{ pointer: '', key: 'version' }]);
  });

  it('gives the pointer of the object holding the duplicate', () => {
    expect(scan('{"resources": {"project.P": {"attributes": {"a": 1, "b": 2, "a": 3}}}}')).toEqual([
      { pointer: '/resources/project.P/attributes', key: 'a' },
    ]);
    expect(scan('{"list": [{"k": 1}, {"k": 1, "k": 2}]}')).toEqual([{ pointer: '/list/1', key: 'k' }]);
    expect(scan('{"a/b~c": {"x": 1, "x": 2}}')).toEqual([{ pointer: '/a~1b~0c', key: 'x' }]);
  });

  it('sees through escapes: "a" and "\\u0061" are the same key', () => {
    expect(scan('{"a": 1, "\\u0061": 2}')).toEqual([{ pointer: '', key: 'a' }]);
    expect(scan('{"\\u00e9": 1, "é": 2}')).toEqual([{ pointer: '', key: 'é' }]);
  });

  it('handles many keys, sorted or not', () => {
    const sorted = Array.from({ length: 1000 }, (_, index) => `"k${String(index).padStart(4, '0')}": ${index}`);
    expect(scan(`{${sorted.join(', ')}}`)).toEqual([]);
    const shuffled = [...sorted].reverse();
    expect(scan(`{${shuffled.join(', ')}}`)).toEqual([]);
    expect(scan(`{${[...shuffled, '"k0500": 1'].join(', ')}}`)).toEqual([{ pointer: '', key: 'k0500' }]);
    expect(scan(`{${[...sorted, '"k0002": 1'].join(', ')}}`)).toEqual([{ pointer: '', key: 'k0002' }]);
  });

  it('handles a few unsorted keys with escapes and multi-byte characters', () => {
    expect(scan('{"z": 1, "é": 2, "\\n": 3, "😀": 4}')).toEqual([]);
    expect(scan('{"z": 1, "😀": 2, "\\ud83d\\ude00": 3}')).toEqual([{ pointer: '', key: '😀' }]);
  });

  it('does not confuse values, strings with braces or escaped quotes with keys', () => {
    expect(scan('{"a": "b", "c": "a", "d": "{\\"a\\": 1, \\"a\\": 2}", "e": ["a", "a"]}')).toEqual([]);
    expect(scan('{"a\\\\": 1, "a": 2}')).toEqual([]);
  });

  it('stops after the limit', () => {
    const text = `{${Array.from({ length: 20 }, (_, index) => `"o${index}": {"x": 1, "x": 2}`).join(', ')}}`;
    expect(findDuplicateKeys(Buffer.from(text), 3)).toHaveLength(3);
    expect(findDuplicateKeys(Buffer.from(text))).toHaveLength(10);
  });

  it('handles empty objects and arrays and deep nesting', () => {
    expect(scan('{"a": {}, "b": [], "c": [[], [{}]], "d": {"e": {"f": {}}}}')).toEqual([]);
    expect(scan(`${'['.repeat(2000)}{"x": 1, "x": 2}${']'.repeat(2000)}`)).toEqual([{ pointer: `/${Array(2000).fill('0').join('/')}`, key: 'x' }]);
  });
});
