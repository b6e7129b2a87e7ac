import { describe, expect, it } from 'vitest';
import { firstDifference } from './declared-matches.js';

const never = (): boolean => false;

describe('firstDifference (the planner\'s comparison)', () => {
  it('compares only declared keys of objects, recursively', () => {
    expect(firstDifference({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 2, d: 3 }, e: 4 }, never, new Set())).toBeUndefined();
    expect(firstDifference({ b: { c: 2 } }, { b: { c: 3 } }, never, new Set())).toEqual(['b', 'c']);
    expect(firstDifference({ a: 1 }, {}, never, new Set())).toEqual(['a']);
    expect(firstDifference({ a: {} }, { a: [] }, never, new Set())).toEqual(['a']);
    expect(firstDifference({ a: { x: 1 } }, { a: null }, never, new Set())).toEqual(['a']);
  });

  it('compares lists whole, in order', () => {
    expect(firstDifference({ l: [{ a: 1 }] }, { l: [{ a: 1, b: 2 }] }, never, new Set())).toBeUndefined();
    expect(firstDifference({ l: [1, 2] }, { l: [2, 1] }, never, new Set())).toEqual(['l', 0]);
    expect(firstDifference({ l: [1] }, { l: [1, 2] }, never, new Set())).toEqual(['l']);
    expect(firstDifference({ l: [1] }, { l: 'x' }, never, new Set())).toEqual(['l']);
  });

  it('compares the top-level tags as a set', () => {
    expect(firstDifference({ tags: ['a', 'b'] }, { tags: ['b', 'a'] }, never, new Set())).toBeUndefined();
    expect(firstDifference({ tags: ['a'] }, { tags: ['a', 'b'] }, never, new Set())).toEqual(['tags']);
    expect(firstDifference({ params: { tags: ['a', 'b'] } }, { params: { tags: ['b', 'a'] } }, never, new Set())).toEqual(['params', 'tags', 0]);
  });

  it('lets the caller decide at secret paths', () => {
    const secrets = new Set([JSON.stringify(['params', 'password'])]);
    expect(firstDifference({ params: { password: '${env:X}' } }, { params: { password: 'marker' } }, (_, actual) => actual === 'marker', secrets)).toBeUndefined();
    expect(firstDifference({ params: { password: '${env:X}' } }, { params: { password: 'other' } }, (_, actual) => actual === 'marker', secrets)).toEqual(['params', 'password']);
  });
});
