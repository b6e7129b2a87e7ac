import { readFileSync } from 'node:fs';
import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './schema-issue.js';
import { validateState } from './validate-state.js';

const pythonState = JSON.parse(readFileSync(new URL('../../../fixtures/python-reference/prod.state.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function ourState(): Record<string, unknown> {
  const state = new State({ environment: 'dev', lineage: '4f1c7a52-8a64-4c1b-9a8e-2f3c4d5e6f70', serial: 3 });
  state.addResource(new Resource({ resourceId: 'project.toto', attributes: { name: 'x' } }));
  state.addResource(new Resource({ resourceId: 'dataset.toto.2021-sales', attributes: { type: 'Filesystem' }, metadata: { dataikuInternalId: '2021-sales' } }));
  state.addResource(new Resource({ resourceId: 'recipe.toto.compute_x', attributes: {} }));
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}

type Json = Record<string, unknown>;
function withResource(change: (resource: Json) => void): Json {
  const data = structuredClone(pythonState);
  change((data.resources as Json)['dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS'] as Json);
  return data;
}
function messages(data: unknown): string[] {
  return validateState(data).issues.map(formatIssue);
}
const RAW = '/resources/dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS';

describe('validateState accepts valid states', () => {
  it('the file written by the Python reference implementation', () => {
    expect(validateState(pythonState)).toEqual({ valid: true, issues: [] });
  });

  it('a state we write, with lower-case keys and names starting with a digit', () => {
    expect(validateState(ourState())).toEqual({ valid: true, issues: [] });
  });

  it('an empty state with only the required fields', () => {
    expect(validateState({ version: 1, serial: 0, updated_at: '2026-11-22T02:38:53Z', resources: {} }).valid).toBe(true);
  });

  it.each(['2025-11-24T10:30:00.500000', '2025-11-24T10:30:00Z', '2025-11-24T12:30:00+02:00', '2025-11-24T10:30:00.123+00:00'])(
    'timestamp %s',
    (timestamp) => {
      expect(validateState({ ...pythonState, updated_at: timestamp }).valid).toBe(true);
    },
  );
});

describe('validateState reports every issue with its JSON pointer', () => {
  it('an unsupported version, alone', () => {
    expect(messages({ ...pythonState, version: 2, serial: -1 })).toEqual(['/version: unsupported state version 2']);
    expect(messages({ ...pythonState, version: 0 })).toEqual(['/version: unsupported state version 0']);
  });

  it('a version of the wrong type', () => {
    expect(messages({ ...pythonState, version: '1' })).toEqual(['/version: must be 1']);
  });

  it('missing required fields', () => {
    expect(messages({ version: 1 })).toEqual([
      '(root): missing required property "serial"',
      '(root): missing required property "updated_at"',
      '(root): missing required property "resources"',
    ]);
  });

  it.each([
    [{ serial: -1 }, '/serial: must be >= 0'],
    [{ serial: 1.5 }, '/serial: must be integer'],
    [{ serial: '4' }, '/serial: must be integer'],
    [{ lineage: '' }, '/lineage: must NOT have fewer than 1 characters'],
    [{ lineage: 7 }, '/lineage: must be string,null'],
    [{ environment: '../prod' }, '/environment: must be 0-64 letters, digits, "_" or "-"'],
    [{ updated_at: 'yesterday' }, '/updated_at: must be an RFC 3339 timestamp such as 2026-11-22T02:38:53.340+00:00'],
    [{ updated_at: '2025-02-30T00:00:00Z' }, '/updated_at: must be an RFC 3339 timestamp such as 2026-11-22T02:38:53.340+00:00'],
    [{ resources: [] }, '/resources: must be object'],
    [{ extra: true }, '(root): unknown property "extra"'],
  ])('%j', (change, message) => {
    expect(messages({ ...pythonState, ...change })).toEqual([message]);
  });

  it.each([
    [(r: Json) => { delete r.metadata; }, `${RAW}: missing required property "metadata"`],
    [(r: Json) => { r.resource_type = 'folder'; }, `${RAW}/resource_type: must be one of "project", "dataset", "recipe", "scenario", "model"`],
    [(r: Json) => { r.resource_type = 'recipe'; }, `${RAW}/resource_id: must start with its resource_type (recipe.)`],
    [(r: Json) => { r.attributes = []; }, `${RAW}/attributes: must be object`],
    [(r: Json) => { r.attributes = null; }, `${RAW}/attributes: must be object`],
    [(r: Json) => { (r.metadata as Json).checksum = 'ABC'; }, `${RAW}/metadata/checksum: must be 64 lower-case hex characters (a SHA-256)`],
    [(r: Json) => { (r.metadata as Json).checksum = 'A'.repeat(64); }, `${RAW}/metadata/checksum: must be 64 lower-case hex characters (a SHA-256)`],
    [(r: Json) => { (r.metadata as Json).deployed_at = '2025-11-24'; }, `${RAW}/metadata/deployed_at: must be an RFC 3339 timestamp such as 2026-11-22T02:38:53.340+00:00`],
    [(r: Json) => { (r.metadata as Json).deployed_by = null; }, `${RAW}/metadata/deployed_by: must be string`],
    [(r: Json) => { (r.metadata as Json).dataiku_internal_id = 3; }, `${RAW}/metadata/dataiku_internal_id: must be string,null`],
    [(r: Json) => { r.resource_id = 'dataset.CUSTOMER_ANALYTICS.OTHER'; }, `${RAW}/resource_id: differs from its key "dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS"`],
  ])('resource issue %#', (change, message) => {
    expect(messages(withResource(change))).toEqual([message]);
  });

  it('a resources key that is not a valid resource id', () => {
    const data = structuredClone(pythonState);
    const resources = data.resources as Json;
    resources['dataset.X.a/b'] = resources['dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS'];
    delete resources['dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS'];
    expect(messages(data)).toEqual([
      '/resources/dataset.X.a~1b: key is not a valid resource id ({type}.{PROJECT_KEY}[.{name}])',
      '/resources/dataset.X.a~1b/resource_id: differs from its key "dataset.X.a/b"',
    ]);
  });

  it('a resource_id that is not a valid id', () => {
    const data = structuredClone(pythonState);
    const resources = data.resources as Json;
    resources['project.A B'] = { ...(resources['project.CUSTOMER_ANALYTICS'] as Json), resource_id: 'project.A B' };
    delete resources['project.CUSTOMER_ANALYTICS'];
    expect(messages(data)).toContain('/resources/project.A B/resource_id: is not a valid resource id ({type}.{PROJECT_KEY}[.{name}])');
  });

  it('prototype keys are reported as unknown properties and have no effect', () => {
    const data = JSON.parse(JSON.stringify(pythonState).replace('{"version"', '{"__proto__": {"polluted": true}, "constructor": 1, "version"')) as unknown;
    expect(messages(data)).toEqual(['(root): unknown property "__proto__"', '(root): unknown property "constructor"']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a resource that is not an object', () => {
    expect(messages({ ...pythonState, resources: { 'project.P': 5 } })).toEqual(['/resources/project.P: must be object']);
  });

  it('a document that is not an object', () => {
    expect(messages(null)).toEqual(['(root): must be object']);
    expect(messages([])).toEqual(['(root): must be object']);
    expect(messages('state')).toEqual(['(root): must be object']);
  });

  it('reports all issues at once', () => {
    const data = withResource((r) => {
      (r.metadata as Json).checksum = 'x';
      r.attributes = 1;
    });
    data.serial = -5;
    expect(validateState(data).issues).toHaveLength(3);
  });
});
