import { describe, expect, it } from 'vitest';
import { computeChecksum } from './checksum.js';
import { hasErrorCode } from './errors/dataiku-iac-error.js';
import { Resource } from './resource.js';

const attributes = { name: 'Test Project', tags: ['a'], nested: { x: 1 } };

describe('Resource', () => {
  it('computes the checksum of its attributes when none is given', () => {
    const resource = new Resource({ resourceId: 'project.TEST', attributes });
    expect(resource.metadata.checksum).toBe(computeChecksum(attributes));
    expect(resource.hasValidChecksum()).toBe(true);
    expect(resource.resourceType).toBe('project');
  });

  it('defaults metadata to now, "system" and no internal id', () => {
    const resource = new Resource({ resourceId: 'project.TEST', attributes });
    expect(resource.metadata.deployedBy).toBe('system');
    expect(resource.metadata.dataikuInternalId).toBeNull();
    expect(resource.metadata.managed).toBe(false);
    expect(resource.metadata.deployedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/);
  });

  it('checksum is deterministic and independent of key order', () => {
    const a = new Resource({ resourceId: 'dataset.P.d', attributes: { b: 1, a: { d: 2, c: 3 } } });
    const b = new Resource({ resourceId: 'dataset.P.d', attributes: { a: { c: 3, d: 2 }, b: 1 } });
    expect(a.metadata.checksum).toBe(b.metadata.checksum);
    expect(a.hasChanged(b)).toBe(false);
  });

  it('hasChanged detects attribute differences', () => {
    const before = new Resource({ resourceId: 'dataset.P.d', attributes: { params: { separator: ',' } } });
    const after = new Resource({ resourceId: 'dataset.P.d', attributes: { params: { separator: ';' } } });
    expect(before.hasChanged(after)).toBe(true);
  });

  it('hasChanged refuses to compare different resources', () => {
    const a = new Resource({ resourceId: 'dataset.P.a', attributes: {} });
    const b = new Resource({ resourceId: 'dataset.P.b', attributes: {} });
    expect(() => a.hasChanged(b)).toThrow('cannot compare dataset.P.a with dataset.P.b');
  });

  it('validates the id and its agreement with resource_type', () => {
    expect(() => new Resource({ resourceId: 'dataset.P', attributes: {} })).toThrow('invalid resource id "dataset.P"');
    try {
      new Resource({ resourceId: 'recipe.P.x', resourceType: 'dataset', attributes: {} });
      expect.unreachable();
    } catch (error) {
      expect(hasErrorCode(error, 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it.each([
    [{ attributes: [] }, 'dataset.P.d: attributes must be a JSON object'],
    [{ attributes: null }, 'dataset.P.d: attributes must be a JSON object'],
    [{ metadata: { deployedAt: 'yesterday' } }, 'dataset.P.d: deployed_at "yesterday" is not an RFC 3339 timestamp'],
    [{ metadata: { deployedBy: 7 } }, 'dataset.P.d: deployed_by must be a string'],
    [{ metadata: { dataikuInternalId: 1 } }, 'dataset.P.d: dataiku_internal_id must be a string or null'],
    [{ metadata: { checksum: 'ABC' } }, 'dataset.P.d: checksum must be 64 lower-case hex characters'],
  ])('refuses malformed attributes or metadata: %j', (change, message) => {
    const init = { resourceId: 'dataset.P.d', attributes: {}, ...change } as unknown as ConstructorParameters<typeof Resource>[0];
    expect(() => new Resource(init)).toThrow(message);
  });

  it('extracts project key and resource name', () => {
    expect(new Resource({ resourceId: 'recipe.SALES.prep', attributes: {} }).projectKey).toBe('SALES');
    expect(new Resource({ resourceId: 'recipe.SALES.prep', attributes: {} }).resourceName).toBe('prep');
    expect(new Resource({ resourceId: 'project.SALES', attributes: {} }).resourceName).toBeUndefined();
  });

  it('round-trips through the state-file form with the spec field names', () => {
    const resource = new Resource({
      resourceId: 'dataset.P.d',
      attributes,
      metadata: { deployedAt: '2025-11-24T10:30:00.123456', deployedBy: 'alice', dataikuInternalId: 'd' },
    });
    const json = resource.toJSON();
    expect(Object.keys(json)).toEqual(['resource_type', 'resource_id', 'attributes', 'metadata']);
    expect(json.metadata).toEqual({
      deployed_at: '2025-11-24T10:30:00.123456',
      deployed_by: 'alice',
      dataiku_internal_id: 'd',
      checksum: computeChecksum(attributes),
    });
    const restored = Resource.fromJSON(JSON.parse(JSON.stringify(json)) as typeof json);
    expect(restored).toEqual(resource);
  });

  it('fromJSON keeps a stored checksum so that tampering can be detected', () => {
    const json = new Resource({ resourceId: 'project.P', attributes: { name: 'a' } }).toJSON();
    const tampered = Resource.fromJSON({ ...json, attributes: { name: 'b' } });
    expect(tampered.metadata.checksum).toBe(json.metadata.checksum);
    expect(tampered.hasValidChecksum()).toBe(false);
    const { dataiku_internal_id: _omitted, ...metadataWithoutId } = json.metadata;
    expect(Resource.fromJSON({ ...json, metadata: metadataWithoutId }).metadata.dataikuInternalId).toBeNull();
  });

  it('writes the managed mark only when set, and reads files without it as unmanaged', () => {
    const managed = new Resource({ resourceId: 'dataset.P.d', attributes, metadata: { managed: true } });
    expect(managed.toJSON().metadata.managed).toBe(true);
    expect(Resource.fromJSON(managed.toJSON()).metadata.managed).toBe(true);
    const plain = new Resource({ resourceId: 'dataset.P.d', attributes });
    expect('managed' in plain.toJSON().metadata).toBe(false);
    expect(plain.withMetadata({ managed: true }).metadata.managed).toBe(true);
    expect(() => new Resource({ resourceId: 'dataset.P.d', attributes, metadata: { managed: 'yes' as unknown as boolean } })).toThrow('dataset.P.d: managed must be a boolean');
  });

  it('withMetadata replaces metadata but never the checksum', () => {
    const resource = new Resource({ resourceId: 'project.P', attributes: { name: 'a' } });
    const copy = resource.withMetadata({ deployedBy: 'bob', deployedAt: '2020-01-01T00:00:00.000+00:00' });
    expect(copy.metadata).toEqual({ ...resource.metadata, deployedBy: 'bob', deployedAt: '2020-01-01T00:00:00.000+00:00' });
    expect(copy.attributes).toBe(resource.attributes);
  });
});
