import { readFileSync } from 'node:fs';
import { computeChecksum, type JsonObject, Resource, State, toCanonicalOrder } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { PYTHON_STATE_URL } from '../__fixtures__/test-support.js';
import { serializeState } from '../serialize-state.js';
import { scanStateText } from './scan-state-text.js';

const scan = (text: string) => scanStateText(Buffer.from(text, 'utf8'));

function stateText(entries: readonly [string, string][]): string {
  // entries: [resource id, raw attributes JSON text]; the checksum is computed from the parsed value.
  const resources = entries.map(([id, attributes]) => {
    const checksum = computeChecksum(JSON.parse(attributes) as JsonObject);
    return `"${id}": {"resource_type": "${id.split('.')[0] ?? ''}", "resource_id": "${id}", "attributes": ${attributes}, "metadata": {"deployed_at": "2026-01-01T00:00:00Z", "deployed_by": "x", "checksum": "${checksum}"}}`;
  });
  return `{"version": 1, "serial": 1, "updated_at": "2026-01-01T00:00:00Z", "resources": {${resources.join(', ')}}}`;
}

describe('scanStateText verifies checksums from the raw text', () => {
  it('verifies every resource of the Python reference file whose keys are in order', () => {
    const result = scan(readFileSync(PYTHON_STATE_URL, 'utf8'));
    expect(result.complete).toBe(true);
    expect(result.duplicates).toEqual([]);
    // Python writes attributes in insertion order: only resources whose keys happen to be sorted qualify.
    expect(result.verified).toEqual([]);
  });

  it('verifies every resource of a file we write', () => {
    const state = new State({
      resources: [
        new Resource({ resourceId: 'project.P', attributes: toCanonicalOrder({ name: 'Prévisions — 売上 😀', tags: ['a', 'b'], n: -3, f: 0.1, e: 1e-7, big: 1.5e300, no: null, t: true, nested: { b: [1, { d: 'x\n"y"\\z\u0001\u007f\u2028' }], a: {} } }) }),
        new Resource({ resourceId: 'dataset.P.d', attributes: toCanonicalOrder({ formatParams: { separator: '\t', quoteChar: '"', escapeChar: '\\' }, schema: { columns: [{ name: 'été', type: 'string' }] } }) }),
        new Resource({ resourceId: 'recipe.P.r', attributes: {} }),
      ],
    });
    const result = scan(serializeState(state));
    expect([...result.verified].sort()).toEqual(['dataset.P.d', 'project.P', 'recipe.P.r']);
  });

  it('verifies attributes written in any JSON spelling: escapes, whitespace, number forms', () => {
    const spellings = [
      '{"a":"\\u00E9\\/\\u0041\\u0022\\u005c\\u0008\\u000c\\u000a\\u000d\\u0009\\u001f\\u007f","b":"é😀","c":"\\ud83d\\ude00"}',
      '{\n\t"a" :\r\n [ 1 , 2.50 , -0 , 1E5 , 1e-5 , 1.0 , 12345678901234567890 , 0.0001 ]\n}',
      '{"":"empty key","a":{"":[]},"b":[[[]]],"c":true,"d":false,"e":null}',
      '{"\\u00e9":1,"z":2}',
    ];
    const text = stateText(spellings.map((attributes, index) => [`recipe.P.r${index}`, attributes]));
    expect(JSON.parse(text)).toBeTruthy();
    // "\u00e9" sorts after "z": that last resource's keys are out of order, so it is left to the caller.
    expect([...scan(text).verified].sort()).toEqual(['recipe.P.r0', 'recipe.P.r1', 'recipe.P.r2']);
  });

  it('leaves out attributes whose keys are not in code point order, or not an object', () => {
    const text = stateText([
      ['dataset.P.unsorted', '{"b": 1, "a": 2}'],
      ['dataset.P.nested', '{"a": {"z": 1, "y": 2}}'],
      ['dataset.P.sorted', '{"a": {"y": 1, "z": 2}}'],
      ['dataset.P.astral', '{"\\uffff": 1, "😀": 2}'],
    ]);
    expect([...scan(text).verified].sort()).toEqual(['dataset.P.astral', 'dataset.P.sorted']);
  });

  it('never verifies a tampered resource', () => {
    const text = stateText([['project.P', '{"name": "a"}']]).replace('"name": "a"', '"name": "b"');
    expect(scan(text).verified).toEqual([]);
  });

  it('never verifies a resource without a well-formed checksum', () => {
    const text = stateText([['project.P', '{"name": "a"}']]).replace(/"checksum": "[0-9a-f]+"/, '"checksum": "ABC"');
    expect(scan(text).verified).toEqual([]);
  });

  it('leaves out attributes nested deeper than canonical JSON accepts', () => {
    const deep = `${'['.repeat(600)}1${']'.repeat(600)}`;
    const entries: [string, string][] = [['project.P', '{"a": 1}']];
    const text = stateText(entries).replace('"attributes": {"a": 1}', `"attributes": {"a": 1, "d": ${deep}}`);
    expect(scan(text).verified).toEqual([]);
  });

  it('agrees with computeChecksum on random attributes', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const strings = ['', 'a', 'é', '😀', '"', '\\', '\n', '\u0000', '\u007f', '\u2028', 'x/y', '\ud800', '売上'];
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 3 ? 5 : 7));
      if (kind === 0) return pick([null, true, false]);
      if (kind === 1) return pick([0, -1, 42, 2 ** 53 - 1, 0.1, -2.5e-7, 1e21, 123456.789, 5e-324]);
      if (kind <= 4) return Array.from({ length: Math.floor(random() * 4) }, () => pick(strings)).join('');
      if (kind === 5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [`${pick(strings)}${pick(strings)}k`, value(depth + 1)]));
    };
    const object = (): JsonObject => Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [`${pick(strings)}${pick(strings)}k`, value(1)])) as JsonObject;
    const resources = Array.from({ length: 300 }, (_, index) => new Resource({ resourceId: `dataset.P.d${index}`, attributes: toCanonicalOrder(object()) }));
    const result = scan(serializeState(new State({ resources })));
    expect(result.verified).toHaveLength(resources.length);
  });
});

describe('scanStateText finds duplicate keys', () => {
  it('finds nothing in JSON without duplicates', () => {
    expect(scan('{"b": 1, "a": {"x": [1, {"x": 2}], "y": "\\"x\\": 1"}, "c": []}').duplicates).toEqual([]);
    expect(scan('[{"a": 1}, {"a": 2}]').duplicates).toEqual([]);
    expect(scan('"just a string"').duplicates).toEqual([]);
  });

  it('names the key and gives the pointer of the object holding it', () => {
    expect(scan('{"version": 1, "serial": 2, "version": 1}').duplicates).toEqual([{ pointer: '', key: 'version' }]);
    expect(scan('{"resources": {"project.P": {"attributes": {"a": 1, "b": 2, "a": 3}}}}').duplicates).toEqual([
      { pointer: '/resources/project.P/attributes', key: 'a' },
    ]);
    expect(scan('{"list": [{"k": 1}, {"k": 1, "k": 2}]}').duplicates).toEqual([{ pointer: '/list/1', key: 'k' }]);
    expect(scan('{"a/b~c": {"x": 1, "x": 2}}').duplicates).toEqual([{ pointer: '/a~1b~0c', key: 'x' }]);
    expect(scan('{"resources": {"project.P": {}, "project.P": {}}}').duplicates).toEqual([{ pointer: '/resources', key: 'project.P' }]);
  });

  it('sees through escapes: "a" and "\\u0061" are the same key', () => {
    expect(scan('{"a": 1, "\\u0061": 2}').duplicates).toEqual([{ pointer: '', key: 'a' }]);
    expect(scan('{"\\u00e9": 1, "é": 2}').duplicates).toEqual([{ pointer: '', key: 'é' }]);
    expect(scan('{"z": 1, "😀": 2, "\\ud83d\\ude00": 3}').duplicates).toEqual([{ pointer: '', key: '😀' }]);
  });

  it('handles many keys, sorted or not', () => {
    const sorted = Array.from({ length: 1000 }, (_, index) => `"k${String(index).padStart(4, '0')}": ${index}`);
    const shuffled = [...sorted].reverse();
    expect(scan(`{${sorted.join(', ')}}`).duplicates).toEqual([]);
    expect(scan(`{${shuffled.join(', ')}}`).duplicates).toEqual([]);
    expect(scan(`{${[...shuffled, '"k0500": 1'].join(', ')}}`).duplicates).toEqual([{ pointer: '', key: 'k0500' }]);
    expect(scan(`{${[...sorted, '"k0002": 1'].join(', ')}}`).duplicates).toEqual([{ pointer: '', key: 'k0002' }]);
  });

  it('does not confuse values or strings with keys', () => {
    expect(scan('{"a": "b", "c": "a", "d": "{\\"a\\": 1, \\"a\\": 2}", "e": ["a", "a"]}').duplicates).toEqual([]);
    expect(scan('{"a\\\\": 1, "a": 2}').duplicates).toEqual([]);
  });

  it('stops after the limit', () => {
    const text = `{${Array.from({ length: 20 }, (_, index) => `"o${index}": {"x": 1, "x": 2}`).join(', ')}}`;
    expect(scanStateText(Buffer.from(text), 3).duplicates).toHaveLength(3);
    expect(scanStateText(Buffer.from(text)).duplicates).toHaveLength(10);
  });
});

describe('scanStateText on text it cannot use', () => {
  it('reports documents nested too deeply as incomplete instead of overflowing the stack', () => {
    const result = scan(`{"x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    expect(result).toEqual({ complete: false, duplicates: [], verified: [] });
  });

  it.each(['', '{', '{"a": ', '{"a": "unterminated', '{"a" 1}', '[1 2]', '{"a": 1,}', '{1: 2}', '@', '{"a": tru'])('stops on malformed text %j', (text) => {
    expect(scan(text).verified).toEqual([]);
  });
});
