import type { JsonObject, JsonValue } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { diffAttributes, diffAttributesWithTopLevel } from './diff-attributes.js';

describe('diffAttributes', () => {
  it('finds no changes between equal values, whatever their key order', () => {
    const value = { a: 1, b: { c: [1, { d: null }], e: 'x' } };
    expect(diffAttributes(value, structuredClone(value))).toEqual([]);
    expect(diffAttributes({ a: 1, b: { x: 1, y: 2 } }, { b: { y: 2, x: 1 }, a: 1 })).toEqual([]);
  });

  it('reports added, removed and replaced keys, in code point order', () => {
    expect(diffAttributes({ b: 1, c: 2, Z: 0 }, { a: 0, b: 2, Z: 0 })).toEqual([
      { path: 'a', op: 'add', new: 0 },
      { path: 'b', op: 'replace', old: 1, new: 2 },
      { path: 'c', op: 'remove', old: 2 },
    ]);
    // U+1F600 (astral) sorts after U+FF5E by code point, not by UTF-16 code unit.
    const paths = diffAttributes({}, { '\u{1F600}': 1, '\uFF5E': 1 }).map((change) => change.path);
    expect(paths).toEqual(['["\uFF5E"]', '["\u{1F600}"]']);
  });

  it('recurses into nested objects with full paths', () => {
    const oldValue = { formatParams: { separator: ',', quoteChar: '"' }, params: { 'my.key': 1, '2021': 'a', inner: { deep: true } } };
    const newValue = { formatParams: { separator: ';', quoteChar: '"' }, params: { 'my.key': 2, '2021': 'a', inner: { deep: false, extra: [] } } };
    expect(diffAttributes(oldValue, newValue)).toEqual([
      { path: 'formatParams.separator', op: 'replace', old: ',', new: ';' },
      { path: 'params.inner.deep', op: 'replace', old: true, new: false },
      { path: 'params.inner.extra', op: 'add', new: [] },
      { path: 'params["my.key"]', op: 'replace', old: 1, new: 2 },
    ]);
  });

  it('reports nested keys that were removed', () => {
    expect(diffAttributes({ p: { a: 1, b: { c: 2 } } }, { p: { a: 1, b: {} } })).toEqual([{ path: 'p.b.c', op: 'remove', old: 2 }]);
  });

  it('quotes odd keys at every level', () => {
    expect(diffAttributes({ '': 1, 'a b': { 'x.y': 1 } }, { '': 2, 'a b': { 'x.y': 2 } })).toEqual([
      { path: '[""]', op: 'replace', old: 1, new: 2 },
      { path: '["a b"]["x.y"]', op: 'replace', old: 1, new: 2 },
    ]);
  });

  it('reports type changes as a replace at that path', () => {
    const oldValue: JsonObject = { a: 'text', b: [1], c: null, d: { x: 1 }, e: 1, f: [], g: true };
    const newValue: JsonObject = { a: { text: true }, b: { 0: 1 }, c: 0, d: [1], e: '1', f: {}, g: 1 };
    expect(diffAttributes(oldValue, newValue)).toEqual([
      { path: 'a', op: 'replace', old: 'text', new: { text: true } },
      { path: 'b', op: 'replace', old: [1], new: { 0: 1 } },
      { path: 'c', op: 'replace', old: null, new: 0 },
      { path: 'd', op: 'replace', old: { x: 1 }, new: [1] },
      { path: 'e', op: 'replace', old: 1, new: '1' },
      { path: 'f', op: 'replace', old: [], new: {} },
      { path: 'g', op: 'replace', old: true, new: 1 },
    ]);
  });

  it('compares arrays of equal length position by position, recursively', () => {
    const oldValue = { schema: { columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'int' }, { name: 'c', type: 'string' }] } };
    const newValue = { schema: { columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'bigint' }, { name: 'c', type: 'double' }] } };
    expect(diffAttributes(oldValue, newValue)).toEqual([
      { path: 'schema.columns[1].type', op: 'replace', old: 'int', new: 'bigint' },
      { path: 'schema.columns[2].type', op: 'replace', old: 'string', new: 'double' },
    ]);
    expect(diffAttributes({ tags: ['a', 'b', 'c'] }, { tags: ['a', 'x', 'c'] })).toEqual([
      { path: 'tags[1]', op: 'replace', old: 'b', new: 'x' },
    ]);
  });

  it('reports one add for an element inserted at the front', () => {
    const columns = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
    expect(diffAttributes({ columns }, { columns: [{ name: 'z' }, ...columns] })).toEqual([
      { path: 'columns[0]', op: 'add', new: { name: 'z' } },
    ]);
    expect(diffAttributes({ tags: ['a', 'b'] }, { tags: ['x', 'a', 'b'] })).toEqual([{ path: 'tags[0]', op: 'add', new: 'x' }]);
  });

  it('reports additions with their new index and removals with their old index', () => {
    expect(diffAttributes({ tags: ['a', 'b'] }, { tags: ['a', 'b', 'pii'] })).toEqual([{ path: 'tags[2]', op: 'add', new: 'pii' }]);
    expect(diffAttributes({ tags: ['a', 'b', 'c', 'd'] }, { tags: ['a', 'd'] })).toEqual([
      { path: 'tags[1]', op: 'remove', old: 'b' },
      { path: 'tags[2]', op: 'remove', old: 'c' },
    ]);
    // Remove "b" (old index 1), add "y" after "c" (new index 2) and "z" at the end (new index 4).
    expect(diffAttributes({ tags: ['a', 'b', 'c', 'd'] }, { tags: ['a', 'c', 'y', 'd', 'z'] })).toEqual([
      { path: 'tags[1]', op: 'remove', old: 'b' },
      { path: 'tags[2]', op: 'add', new: 'y' },
      { path: 'tags[4]', op: 'add', new: 'z' },
    ]);
  });

  it('reports a removed and an added primitive at the same position as remove and add', () => {
    expect(diffAttributes({ tags: ['a', 'b', 'c'] }, { tags: ['a', 'x', 'c', 'd'] })).toEqual([
      { path: 'tags[1]', op: 'remove', old: 'b' },
      { path: 'tags[1]', op: 'add', new: 'x' },
      { path: 'tags[3]', op: 'add', new: 'd' },
    ]);
  });

  it('pairs a removed and an added object at the same position as a recursive diff under the new index', () => {
    const oldColumns = [{ name: 'a', type: 'string' }, { name: 'b', type: 'int' }, { name: 'c', type: 'string' }];
    const newColumns = [{ name: 'new', type: 'string' }, { name: 'a', type: 'string' }, { name: 'b', type: 'bigint' }, { name: 'c', type: 'string' }];
    expect(diffAttributes({ schema: { columns: oldColumns } }, { schema: { columns: newColumns } })).toEqual([
      { path: 'schema.columns[0]', op: 'add', new: { name: 'new', type: 'string' } },
      { path: 'schema.columns[2].type', op: 'replace', old: 'int', new: 'bigint' },
    ]);
  });

  it('pairs nested arrays and leaves mixed kinds as remove and add', () => {
    expect(diffAttributes({ m: [[1, 2], [3]] }, { m: [[1, 2, 9], [3], [4]] })).toEqual([
      { path: 'm[0][2]', op: 'add', new: 9 },
      { path: 'm[2]', op: 'add', new: [4] },
    ]);
    expect(diffAttributes({ m: ['x', { a: 1 }] }, { m: [{ a: 2 }, [1], 'y'] })).toEqual([
      { path: 'm[0]', op: 'remove', old: 'x' },
      { path: 'm[0]', op: 'add', new: { a: 2 } },
      { path: 'm[1]', op: 'remove', old: { a: 1 } },
      { path: 'm[1]', op: 'add', new: [1] },
      { path: 'm[2]', op: 'add', new: 'y' },
    ]);
  });

  it('treats elements as equal regardless of their key order when aligning', () => {
    expect(diffAttributes({ l: [{ a: 1, b: 2 }] }, { l: [{ z: 0 }, { b: 2, a: 1 }] })).toEqual([
      { path: 'l[0]', op: 'add', new: { z: 0 } },
    ]);
  });

  it('compares arrays too large to align position by position', () => {
    const size = 1200;
    const oldList: JsonValue[] = Array.from({ length: size }, (_, index) => index);
    // Change everything in the middle and make it longer: 1198 × 1199 cells exceed the bound.
    const newList: JsonValue[] = [0, ...Array.from({ length: size - 1 }, (_, index) => -index - 1), size - 1];
    const changes = diffAttributes({ l: oldList }, { l: newList });
    expect(changes).toHaveLength(size - 1);
    expect(changes[0]).toEqual({ path: 'l[1]', op: 'replace', old: 1, new: -1 });
    expect(changes.at(-2)).toEqual({ path: 'l[1198]', op: 'replace', old: 1198, new: -1198 });
    expect(changes.at(-1)).toEqual({ path: 'l[1199]', op: 'add', new: -1199 });
  });

  it('keeps a "__proto__" key as data', () => {
    const oldValue = JSON.parse('{"__proto__": {"a": 1}}') as JsonObject;
    const newValue = JSON.parse('{"__proto__": {"a": 2}}') as JsonObject;
    expect(diffAttributes(oldValue, newValue)).toEqual([{ path: '__proto__.a', op: 'replace', old: 1, new: 2 }]);
  });
});

describe('diffAttributesWithTopLevel', () => {
  it('gives the spec view: top-level keys only', () => {
    const { changes, topLevel } = diffAttributesWithTopLevel(
      { keep: 1, gone: 'x', params: { a: 1, b: [1] } },
      { keep: 1, params: { a: 2, b: [1] }, fresh: { n: 1 } },
    );
    expect(topLevel).toEqual({
      added: { fresh: { n: 1 } },
      removed: { gone: 'x' },
      modified: { params: { old: { a: 1, b: [1] }, new: { a: 2, b: [1] } } },
    });
    expect(changes).toEqual([
      { path: 'fresh', op: 'add', new: { n: 1 } },
      { path: 'gone', op: 'remove', old: 'x' },
      { path: 'params.a', op: 'replace', old: 1, new: 2 },
    ]);
  });

  it('keeps "__proto__" as an own key of the view', () => {
    const { topLevel } = diffAttributesWithTopLevel({}, JSON.parse('{"__proto__": 1}') as JsonObject);
    expect(Object.hasOwn(topLevel.added, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(topLevel.added)).toBe(Object.prototype);
  });
});
