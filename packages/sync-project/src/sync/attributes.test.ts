import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@dataiku-iac/models';
import { arrayField, booleanField, buildResource, objectField, omitKeysDeep, stringField } from './attributes.js';
import { DssClient } from '@dataiku-iac/dss-client';

const client = new DssClient({ host: 'https://dss.test', apiKey: 'k', env: {} });

describe('attribute readers', () => {
  const source = { s: 'x', b: true, o: { a: 1 }, a: [1], n: null, wrong: 5 };

  it('return the value or the default of the kind', () => {
    expect([stringField(source, 's'), stringField(source, 'n'), stringField(source, 'missing'), stringField(source, 'wrong')]).toEqual(['x', '', '', '']);
    expect([booleanField(source, 'b'), booleanField(source, 'n'), booleanField(source, 'missing')]).toEqual([true, false, false]);
    expect([objectField(source, 'o'), objectField(source, 'n'), objectField(source, 'a')]).toEqual([{ a: 1 }, {}, {}]);
    expect([arrayField(source, 'a'), arrayField(source, 'n'), arrayField(source, 'o')]).toEqual([[1], [], []]);
    expect(stringField(source, 'toString')).toBe('');
  });

  it('omit keys at any depth', () => {
    const value = { versionTag: 1, keep: [{ versionTag: 2, x: { creationTag: 3, y: 4 } }], z: null };
    expect(omitKeysDeep(value, new Set(['versionTag', 'creationTag']))).toEqual({ keep: [{ x: { y: 4 } }], z: null });
  });

  it('build a redacted resource with canonical key order and the given metadata', () => {
    const options = { client, deployedBy: 'ci', now: () => '2026-01-01T00:00:00.000+00:00', redactionKey: 'k' };
    const built = buildResource('dataset.P.d', [['name', 'd'], ['b', { password: 'p', z: 1, a: 2 }], ['a', 1]], 'd', options);
    expect(Object.keys(built.attributes)).toEqual(['a', 'b', 'name']);
    expect(Object.keys(built.attributes.b as object)).toEqual(['a', 'password', 'z']);
    expect(JSON.stringify(built.attributes)).not.toContain('"p"');
    expect(built.metadata).toMatchObject({ deployedBy: 'ci', deployedAt: '2026-01-01T00:00:00.000+00:00', dataikuInternalId: 'd' });
    expect(built.hasValidChecksum()).toBe(true);
    const defaults = buildResource('project.P', [], null, { client });
    expect(defaults.metadata.deployedBy).toBe('system');
    expect(defaults.metadata.deployedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('names the resource when DSS returns a value too deeply nested to record', () => {
    let deep: JsonValue = 1;
    for (let level = 0; level < 600; level++) deep = { a: deep };
    expect(() => buildResource('dataset.P.d', [['params', deep]], 'd', { client })).toThrow(
      /^cannot record dataset\.P\.d as DSS returned it: canonical JSON: \.params\.a\.a.* is nested deeper than 512 levels$/,
    );
  });
});
