import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { computeChecksum, type JsonObject, Resource, State, toCanonicalOrder } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { PYTHON_STATE_URL } from './__fixtures__/test-support.js';
import { scanResourceMembers, scanStateText } from './scan-state-text.js';
import { serializeState, stateFileChunks } from './serialize-state.js';

const scan = (text: string) => scanStateText(Buffer.from(text, 'utf8'));
const confirmed = (text: string): string[] => [...scan(text).confirmed].sort();
const duplicates = (text: string) => scan(text).duplicates;

/** A state document of resources given as [id, raw attributes text]; checksums from the parsed attributes. */
function stateText(entries: readonly [string, string][]): string {
  const resources = entries.map(([id, attributes]) => {
    const checksum = computeChecksum(JSON.parse(attributes) as JsonObject);
    return `"${id}": {"resource_type": "${id.split('.')[0] ?? ''}", "resource_id": "${id}", "attributes": ${attributes}, "metadata": {"deployed_at": "2026-01-01T00:00:00Z", "deployed_by": "x", "checksum": "${checksum}"}}`;
  });
  return `{"version": 1, "serial": 1, "updated_at": "2026-01-01T00:00:00Z", "resources": {${resources.join(', ')}}}`;
}

describe('scanStateText confirms checksums from the raw text', () => {
  it('confirms every resource of a file this package writes, whatever the characters', () => {
    const state = new State({
      resources: [
        new Resource({ resourceId: 'project.P', attributes: toCanonicalOrder({ name: 'Prévisions — 売上 😀', tags: ['a', 'b'], n: -3, f: 0.1, big: 12345678901234, no: null, t: true, nested: { b: [1, { d: 'x\n"y"\\z\u0001\u007f\u2028\t\b\f\r' }], a: {} } }) }),
        new Resource({ resourceId: 'dataset.P.d', attributes: toCanonicalOrder({ formatParams: { separator: '\t', quoteChar: '"', escapeChar: '\\' }, schema: { columns: [{ name: 'été', type: 'string' }] } }) }),
        new Resource({ resourceId: 'recipe.P.r', attributes: {} }),
      ],
    });
    expect(confirmed(serializeState(state))).toEqual(['dataset.P.d', 'project.P', 'recipe.P.r']);
  });

  it('agrees with computeChecksum on random attributes', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const strings = ['', 'a', 'é', '😀', '"', '\\', '\n', '\u0000', '\u007f', '\u2028', 'x/y', '\ud800', '売上'];
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 3 ? 5 : 7));
      if (kind === 0) return pick([null, true, false]);
      if (kind === 1) return pick([0, -1, 42, 2 ** 53 - 1, 0.1, -2.5e-7, 1e21, 123456.789, 5e-324, 1e16]);
      if (kind <= 4) return Array.from({ length: Math.floor(random() * 4) }, () => pick(strings)).join('');
      if (kind === 5) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [`${pick(strings)}${pick(strings)}k`, value(depth + 1)]));
    };
    const object = (): JsonObject => Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [`${pick(strings)}${pick(strings)}k`, value(1)])) as JsonObject;
    const resources = Array.from({ length: 300 }, (_, index) => new Resource({ resourceId: `dataset.P.d${index}`, attributes: toCanonicalOrder(object()) }));
    const state = new State({ resources });
    const result = scanStateText(Buffer.from(serializeState(state), 'latin1'));
    // Never a checksum confirmed that computeChecksum would not give; most of them confirmed.
    for (const id of result.confirmed) expect(state.getResource(id)?.hasValidChecksum()).toBe(true);
    expect(result.confirmed.size).toBeGreaterThan(resources.length / 2);
    expect(result.duplicates).toEqual([]);
  });

  it('confirms attributes written as Python writes them', () => {
    const spellings = [
      '{"a": "\\u00e9\\"\\\\\\b\\f\\n\\r\\t\\u001f\\u007f", "b": "\\ud83d\\ude00"}',
      '{\n\t"a" :\r\n [ 1 , 2.5 , -7 , 0.0001 , 1e+21 , 1e-05 , 123456789012345 ]\n}',
      '{"": "empty key", "a": {"": []}, "b": [[[]]], "c": true, "d": false, "e": null}',
    ];
    expect(confirmed(stateText(spellings.map((attributes, index) => [`recipe.P.r${index}`, attributes])))).toEqual(['recipe.P.r0', 'recipe.P.r1', 'recipe.P.r2']);
  });

  it.each([
    ['keys out of code point order', '{"b": 1, "a": 2}'],
    ['nested keys out of order', '{"a": {"z": 1, "y": 2}}'],
    ['escaped keys out of order', '{"\\u00e9": 1, "z": 2}'],
    ['an upper-case escape', '{"a": "\\u00E9"}'],
    ['an escape Python does not write', '{"a": "\\/"}'],
    ['a printable character escaped', '{"a": "\\u0041"}'],
    ['a control character escaped the long way', '{"a": "\\u000a"}'],
    ['raw non-ASCII text', '{"a": "é"}'],
    ['a number Python prints otherwise', '{"a": 1.0}'],
    ['an exponent Python prints otherwise', '{"a": 1e-5}'],
    ['minus zero', '{"a": -0}'],
    ['a 16-digit integer past 2^53', '{"a": 9007199254740993}'],
  ])('leaves to the caller %s', (_name, attributes) => {
    expect(JSON.parse(attributes)).toBeTruthy();
    expect(confirmed(stateText([['dataset.P.d', attributes]]))).toEqual([]);
  });

  it('leaves out attributes nested deeper than canonical JSON accepts', () => {
    // Stored checksums are the SHA-256 of the canonical text, which computeChecksum refuses to make from 512 levels.
    const nested = (depth: number): string => {
      const attributes = `{"a": 1, "d": ${'['.repeat(depth)}1${']'.repeat(depth)}}`;
      const checksum = createHash('sha256').update(attributes).digest('hex');
      return `{"resources": {"project.P": {"attributes": ${attributes}, "metadata": {"checksum": "${checksum}"}}}}`;
    };
    const deepest = { a: 1, d: JSON.parse(`${'['.repeat(511)}1${']'.repeat(511)}`) as JsonObject };
    expect(() => computeChecksum(deepest)).not.toThrow();
    expect(() => computeChecksum({ ...deepest, d: [deepest.d] })).toThrow('nested deeper than 512 levels');
    expect(confirmed(nested(511))).toEqual(['project.P']);
    expect(confirmed(nested(512))).toEqual([]);
  });

  it('never confirms a tampered resource, or one without its checksum', () => {
    const text = stateText([['project.P', '{"name": "a"}']]);
    expect(confirmed(text)).toEqual(['project.P']);
    expect(confirmed(text.replace('"name": "a"', '"name": "b"'))).toEqual([]);
    expect(confirmed(text.replace(/"checksum": "[0-9a-f]+"/, '"checksum": 5'))).toEqual([]);
    expect(confirmed(text.replace(/, "checksum": "[0-9a-f]+"/, ''))).toEqual([]);
    expect(confirmed(text.replace('"attributes": {"name": "a"}', '"attributes": ["a"]'))).toEqual([]);
  });

  it('reads no checksum from values that are not the resources of a state', () => {
    expect(confirmed('{"other": {"project.P": {"attributes": {}, "metadata": {"checksum": "x"}}}}')).toEqual([]);
    expect(confirmed('[{"resources": {}}]')).toEqual([]);
    expect(confirmed('"just a string"')).toEqual([]);
  });

  it('confirms the resources of the chunks a save writes, one chunk at a time', () => {
    const state = new State({ resources: Array.from({ length: 5 }, (_, index) => new Resource({ resourceId: `dataset.P.d${index}`, attributes: { n: index, name: `é${index}` } })) });
    const chunks = [...stateFileChunks(state.toJSON(), 2)].filter((chunk) => chunk.resourceIds.length > 0);
    for (const chunk of chunks) {
      const result = scanResourceMembers(Buffer.from(chunk.text, 'latin1'));
      expect([...result.confirmed]).toEqual(chunk.resourceIds);
      expect(result.duplicates).toEqual([]);
    }
    const twice = `${chunks[0]?.text ?? ''}${chunks[1]?.text ?? ''}`.replace('dataset.P.d2', 'dataset.P.d0').replace(/"dataset.P.d2"/g, '"dataset.P.d0"');
    expect(scanResourceMembers(Buffer.from(twice, 'latin1')).duplicates).toEqual([{ pointer: '/resources', key: 'dataset.P.d0' }]);
  });
});

describe('scanStateText finds duplicate keys', () => {
  it('finds nothing in JSON without duplicates', () => {
    expect(duplicates('{"b": 1, "a": {"x": [1, {"x": 2}], "y": "\\"x\\": 1"}, "c": []}')).toEqual([]);
    expect(duplicates('[{"a": 1}, {"a": 2}]')).toEqual([]);
    expect(duplicates('{"a": {}, "b": [], "c": [[], [{}]], "d": {"e": {"f": {}}}}')).toEqual([]);
    expect(duplicates(readFileSync(PYTHON_STATE_URL, 'utf8'))).toEqual([]);
  });

  it('names the key and gives the pointer of the object holding it', () => {
    expect(duplicates('{"version": 1, "serial": 2, "version": 1}')).toEqual([{ pointer: '', key: 'version' }]);
    expect(duplicates('{"resources": {"project.P": {"attributes": {"a": 1, "b": 2, "a": 3}}}}')).toEqual([{ pointer: '/resources/project.P/attributes', key: 'a' }]);
    expect(duplicates('{"list": [{"k": 1}, {"k": 1, "k": 2}]}')).toEqual([{ pointer: '/list/1', key: 'k' }]);
    expect(duplicates('{"a/b~c": {"x": 1, "x": 2}}')).toEqual([{ pointer: '/a~1b~0c', key: 'x' }]);
    expect(duplicates('{"resources": {"project.P": {}, "project.P": {}}}')).toEqual([{ pointer: '/resources', key: 'project.P' }]);
  });

  it('sees through escapes: "a" and "\\u0061" are the same key', () => {
    expect(duplicates('{"a": 1, "\\u0061": 2}')).toEqual([{ pointer: '', key: 'a' }]);
    expect(duplicates('{"\\u00e9": 1, "é": 2}')).toEqual([{ pointer: '', key: 'é' }]);
    expect(duplicates('{"z": 1, "😀": 2, "\\ud83d\\ude00": 3}')).toEqual([{ pointer: '', key: '😀' }]);
    expect(duplicates('{"z": 1, "é": 2, "\\n": 3, "😀": 4}')).toEqual([]);
  });

  it('handles many keys, sorted or not', () => {
    const sorted = Array.from({ length: 1000 }, (_, index) => `"k${String(index).padStart(4, '0')}": ${index}`);
    const reversed = [...sorted].reverse();
    expect(duplicates(`{${sorted.join(', ')}}`)).toEqual([]);
    expect(duplicates(`{${reversed.join(', ')}}`)).toEqual([]);
    expect(duplicates(`{${[...reversed, '"k0500": 1'].join(', ')}}`)).toEqual([{ pointer: '', key: 'k0500' }]);
    expect(duplicates(`{${[...sorted, '"k0002": 1'].join(', ')}}`)).toEqual([{ pointer: '', key: 'k0002' }]);
  });

  it('does not confuse values or strings with keys', () => {
    expect(duplicates('{"a": "b", "c": "a", "d": "{\\"a\\": 1, \\"a\\": 2}", "e": ["a", "a"]}')).toEqual([]);
    expect(duplicates('{"a\\\\": 1, "a": 2}')).toEqual([]);
  });

  it('reports at most 10', () => {
    const text = `{${Array.from({ length: 20 }, (_, index) => `"o${index}": {"x": 1, "x": 2}`).join(', ')}}`;
    expect(duplicates(text)).toHaveLength(10);
  });

  it('finds duplicates at any depth', () => {
    expect(duplicates(`${'['.repeat(2000)}{"x": 1, "x": 2}${']'.repeat(2000)}`)).toEqual([{ pointer: `/${Array<string>(2000).fill('0').join('/')}`, key: 'x' }]);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(duplicates(`{"x": ${deep}, "y": 1, "x": 2}`)).toEqual([{ pointer: '', key: 'x' }]);
  });
});

describe('scanStateText on text that is not JSON', () => {
  it.each(['', '{', '{"a": ', '{"a": "unterminated', '"\\', '{"a" 1}', '[1 2]', '{"a": 1,}', '{1: 2}', '@', '{"a": tru', '}}]]', '{"\\u00zz": 1, "a": 1, "\\u00zz": 2}'])('ends without confirming anything: %j', (text) => {
    expect(scan(text).confirmed.size).toBe(0);
  });
});
