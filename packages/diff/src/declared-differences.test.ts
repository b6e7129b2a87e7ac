import { describe, expect, it } from 'vitest';
import { declaredDifferences, sameValue } from './declared-differences.js';

describe('declaredDifferences', () => {
  const actual = { name: 'd', tags: ['b', 'a'], params: { connection: 'pg', added: 1 }, columns: [{ name: 'x', type: 'int', extra: true }] };

  it('compares only what is declared: objects key by key, arrays whole and in order, top-level tags as a set', () => {
    expect(declaredDifferences({ tags: ['a', 'b'], params: { connection: 'pg' }, columns: [{ name: 'x' }] }, actual)).toEqual([]);
    expect(declaredDifferences({ tags: ['a'], params: { connection: 'other', mode: 'table' }, columns: [{ name: 'y' }, { name: 'x' }] }, actual)).toEqual([
      { path: ['tags'], old: ['b', 'a'], new: ['a'], secret: false },
      { path: ['params', 'connection'], old: 'pg', new: 'other', secret: false },
      { path: ['params', 'mode'], old: undefined, new: 'table', secret: false },
      { path: ['columns'], old: actual.columns, new: [{ name: 'y' }, { name: 'x' }], secret: false },
    ]);
  });

  it('stops at the first difference when asked', () => {
    expect(declaredDifferences({ name: 'e', params: { connection: 'other' } }, actual, { firstOnly: true })).toEqual([{ path: ['name'], old: 'd', new: 'e', secret: false }]);
    expect(declaredDifferences({ tags: ['c'], name: 'e' }, actual, { firstOnly: true })).toHaveLength(1);
    expect(declaredDifferences({ columns: [{ type: 'long' }], name: 'e' }, actual, { firstOnly: true })).toEqual([{ path: ['columns', 0, 'type'], old: 'int', new: 'long', secret: false }]);
  });

  it('leaves secret paths to secretMatches, and marks their differences secret', () => {
    const seen: unknown[] = [];
    const secretMatches = (path: readonly (string | number)[], have: unknown): boolean => {
      seen.push([path, have]);
      return have === 'marker';
    };
    const options = { secretPaths: [['params', 'password']], secretMatches };
    expect(declaredDifferences({ params: { password: '${env:P}' } }, { params: { password: 'marker' } }, options)).toEqual([]);
    expect(declaredDifferences({ params: { password: '${env:P}' } }, { params: { password: 'other' } }, options)).toEqual([{ path: ['params', 'password'], old: 'other', new: '${env:P}', secret: true }]);
    expect(declaredDifferences({ params: { password: '${env:P}' } }, { params: {} }, { secretPaths: options.secretPaths })).toEqual([{ path: ['params', 'password'], old: undefined, new: '${env:P}', secret: true }]);
    expect(seen).toEqual([
      [['params', 'password'], 'marker'],
      [['params', 'password'], 'other'],
    ]);
  });
});

describe('sameValue', () => {
  it('is deep equality with keys in any order', () => {
    expect(sameValue({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameValue([1], [1, 2])).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue({}, [])).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
