import { describe, expect, it } from 'vitest';
import { type FieldRule, kindName, listProblem, type Shape, shapeProblem } from './response-shapes.js';

describe('response shapes', () => {
  it('names kinds', () => {
    expect([undefined, null, [], {}, 'x', 1, true].map(kindName)).toEqual(['nothing', 'null', 'array', 'object', 'string', 'number', 'boolean']);
  });

  it('accepts absent and null optional fields, checks present ones', () => {
    const shape = { a: { kind: 'number' as const }, b: { kind: 'boolean' as const, required: true } };
    expect(shapeProblem({ b: false }, shape)).toBeUndefined();
    expect(shapeProblem({ a: null, b: true }, shape)).toBeUndefined();
    expect(shapeProblem({ a: '1', b: true }, shape)).toBe('expected "a" to be a number, got string');
    expect(shapeProblem({ b: null }, shape)).toBe('expected "b" to be a boolean, got null');
    expect(shapeProblem({ b: 1 }, shape)).toBe('expected "b" to be a boolean, got number');
  });

  it('does not read inherited properties', () => {
    const named: Shape = { name: { kind: 'string', required: true } };
    expect(shapeProblem(JSON.parse('{"__proto__": {"name": "x"}}'), named)).toBe(
      'expected "name" to be a string, got nothing',
    );
    expect(shapeProblem({}, { toString: named.name as FieldRule })).toBe('expected "toString" to be a string, got nothing');
  });

  it('checks nested objects and list items', () => {
    const shape = { outer: { kind: 'object' as const, fields: { inner: { kind: 'array' as const, required: true } } } };
    expect(shapeProblem({ outer: { inner: {} } }, shape)).toBe('expected "outer.inner" to be an array, got object');
    expect(shapeProblem({ outer: 1 }, shape)).toBe('expected "outer" to be an object, got number');
    expect(listProblem([{ outer: { inner: [] } }, { outer: { inner: 'x' } }], shape)).toBe('expected "[1].outer.inner" to be an array, got string');
    expect(listProblem([], shape)).toBeUndefined();
  });
});
