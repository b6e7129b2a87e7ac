import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoInstance } from '../src/fixtures/demo-instance.js';
import { type Call, envelope, ILLEGAL_ARGUMENT, NOT_FOUND, NOW, startTestServer, type TestServer } from './helpers.js';

let test: TestServer;
let call: Call;

beforeAll(async () => {
  test = await startTestServer();
  call = test.call;
});
beforeEach(() => {
  test.emulator.reset();
});
afterAll(async () => {
  await test.server.close();
});

type Item = Record<string, unknown>;
const CA = '/projects/CUSTOMER_ANALYTICS';

function demoDataset(projectIndex: number, name: string): Item {
  const dataset = demoInstance().projects[projectIndex]?.datasets?.find((candidate) => candidate.name === name);
  if (dataset === undefined) throw new Error(`no demo dataset ${name}`);
  return dataset;
}

describe('GET /projects/{k}/datasets/', () => {
  it('lists items that are not full definitions', async () => {
    const response = await call('GET', `${CA}/datasets/`);
    expect(response.status).toBe(200);
    const items = response.json as Item[];
    expect(items.map((item) => item.name)).toEqual([
      'RAW_CUSTOMERS',
      'customers_prepared',
      'crm_contacts_api',
      'customers_by_country',
      'top_customers',
    ]);
    expect(items[0]).toEqual({
      projectKey: 'CUSTOMER_ANALYTICS',
      name: 'RAW_CUSTOMERS',
      type: 'PostgreSQL',
      managed: false,
      tags: ['raw', 'pii'],
      params: { connection: 'pg_crm' },
    });
    for (const item of items) {
      for (const field of ['schema', 'formatParams', 'formatType', 'versionTag', 'description', 'partitioning', 'flowOptions']) {
        expect(item).not.toHaveProperty(field);
      }
    }
  });

  it('never leaks params other than the connection', async () => {
    const items = (await call('GET', `${CA}/datasets/`)).json as Item[];
    const api = items.find((item) => item.name === 'crm_contacts_api');
    expect(api).toEqual({ projectKey: 'CUSTOMER_ANALYTICS', name: 'crm_contacts_api', type: 'CustomPython_rest-connector_rest-dataset', managed: false, tags: ['raw', 'api'] });
  });

  it('filters on tags, repeated or comma-separated, matching any', async () => {
    const repeated = (await call('GET', `${CA}/datasets/?tags=pii&tags=kpi`)).json as Item[];
    const commas = (await call('GET', `${CA}/datasets/?tags=pii,kpi`)).json as Item[];
    expect(repeated.map((item) => item.name)).toEqual(['RAW_CUSTOMERS', 'top_customers']);
    expect(commas).toEqual(repeated);
  });

  it('adds datasets shared by other projects only with foreign=true', async () => {
    const local = (await call('GET', '/projects/SALES_REPORTING/datasets/?foreign=False')).json as Item[];
    expect(local.map((item) => `${String(item.projectKey)}.${String(item.name)}`)).toEqual([
      'SALES_REPORTING.2024-orders',
      'SALES_REPORTING.orders_clean',
      'SALES_REPORTING.sales_by_segment',
    ]);
    const foreign = (await call('GET', '/projects/SALES_REPORTING/datasets/?foreign=True')).json as Item[];
    expect(foreign.map((item) => `${String(item.projectKey)}.${String(item.name)}`)).toEqual([
      'SALES_REPORTING.2024-orders',
      'SALES_REPORTING.orders_clean',
      'SALES_REPORTING.sales_by_segment',
      'CUSTOMER_ANALYTICS.customers_prepared',
    ]);
    const notShared = (await call('GET', '/projects/sandbox_lab/datasets/?foreign=true')).json as Item[];
    expect(notShared.map((item) => item.name)).toEqual(['scratch']);
  });

  it('skips exposed objects that are not existing datasets', async () => {
    await call('PUT', `${CA}/settings`, {
      body: {
        exposedObjects: {
          objects: [
            { type: 'SAVED_MODEL', localName: 'model', rules: [{ targetProject: 'sandbox_lab' }] },
            { type: 'DATASET', localName: 'gone', rules: [{ targetProject: 'sandbox_lab' }] },
            { type: 'DATASET', localName: 'RAW_CUSTOMERS' },
            'junk',
          ],
        },
      },
    });
    const items = (await call('GET', '/projects/sandbox_lab/datasets/?foreign=true')).json as Item[];
    expect(items.map((item) => item.name)).toEqual(['scratch']);
  });

  it('answers an unknown project with 404', async () => {
    const response = await call('GET', '/projects/UNKNOWN/datasets/');
    expect(response.status).toBe(404);
    expect(envelope(response).message).toBe('Project UNKNOWN does not exist');
  });
});

describe('GET /projects/{k}/datasets/{d}', () => {
  it('returns the full definition', async () => {
    for (const name of ['RAW_CUSTOMERS', 'customers_prepared', 'crm_contacts_api']) {
      const response = await call('GET', `${CA}/datasets/${name}`);
      expect(response.status).toBe(200);
      expect(response.json).toEqual(demoDataset(0, name));
    }
  });

  it('answers an unknown dataset with 404 NotFoundException', async () => {
    const response = await call('GET', `${CA}/datasets/nope`);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({
      errorType: NOT_FOUND,
      message: 'Dataset CUSTOMER_ANALYTICS.nope does not exist',
      detailedMessage: 'Dataset CUSTOMER_ANALYTICS.nope does not exist',
    });
  });
});

describe('POST /projects/{k}/datasets/', () => {
  const body = {
    name: 'orders_raw',
    projectKey: 'CUSTOMER_ANALYTICS',
    type: 'Filesystem',
    params: { connection: 'filesystem_root', path: '/data/orders' },
    formatType: 'csv',
    formatParams: { style: 'excel', separator: ',', parseHeaderRow: true },
  };

  it('creates a dataset with DSS defaults for the fields not sent', async () => {
    const stale = { versionNumber: 9, lastModifiedBy: { login: 'x' }, lastModifiedOn: 1 };
    const response = await call('POST', `${CA}/datasets/`, { body: { ...body, creationTag: stale, versionTag: stale } });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ msg: 'Created dataset CUSTOMER_ANALYTICS.orders_raw' });
    const created = await call('GET', `${CA}/datasets/orders_raw`);
    expect(created.json).toEqual({
      ...body,
      managed: false,
      featureGroup: false,
      partitioning: { ignoreNonMatchingFile: false, dimensions: [] },
      schema: { columns: [], userModified: false },
      flowOptions: { rebuildBehavior: 'NORMAL', crossProjectBuildBehavior: 'DEFAULT' },
      readWriteOptions: { preserveOrder: false, forceSingleOutputFile: false },
      metrics: {},
      metricsChecks: {},
      tags: [],
      customFields: {},
      customMeta: { kv: {} },
      checklists: { checklists: [] },
      creationTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
      versionTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
    });
    const names = ((await call('GET', `${CA}/datasets/`)).json as Item[]).map((item) => item.name);
    expect(names).toContain('orders_raw');
  });

  it('uses the path project, whatever the body says, and accepts hyphens and leading digits', async () => {
    await call('POST', '/projects/sandbox_lab/datasets/', { body: { ...body, name: '2025-q1_orders', projectKey: 'ELSEWHERE' } });
    const created = (await call('GET', '/projects/sandbox_lab/datasets/2025-q1_orders')).json as Item;
    expect(created.projectKey).toBe('sandbox_lab');
  });

  it('answers an existing name with 400', async () => {
    const response = await call('POST', `${CA}/datasets/`, { body: { ...body, name: 'RAW_CUSTOMERS' } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errorType: ILLEGAL_ARGUMENT,
      message: 'Dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS already exists',
      detailedMessage: 'Dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS already exists',
    });
    expect(((await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item).type).toBe('PostgreSQL');
  });

  it.each([
    ['a dotted name', { ...body, name: 'a.b' }, 'Invalid dataset name "a.b": it must match [A-Za-z0-9_-]+'],
    ['a missing name', { type: 'Filesystem' }, 'Invalid dataset name null: it must match [A-Za-z0-9_-]+'],
    ['a missing type', { name: 'x' }, 'Missing type for dataset CUSTOMER_ANALYTICS.x'],
    ['an array body', [body], 'Invalid dataset definition: expected a JSON object'],
  ])('answers %s with 400', async (_label, payload, message) => {
    const response = await call('POST', `${CA}/datasets/`, { body: payload });
    expect(response.status).toBe(400);
    expect(envelope(response)).toEqual({ errorType: ILLEGAL_ARGUMENT, message, detailedMessage: message });
  });

  it('answers an unknown project with 404', async () => {
    expect((await call('POST', '/projects/UNKNOWN/datasets/', { body })).status).toBe(404);
  });
});

describe('PUT /projects/{k}/datasets/{d}', () => {
  it('replaces the whole document and bumps versionTag', async () => {
    const current = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    const { description: _description, shortDesc: _shortDesc, ...rest } = current;
    const put = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: { ...rest, tags: ['raw'] } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ msg: 'Updated dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS' });

    const after = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    expect(after).not.toHaveProperty('description');
    expect(after).not.toHaveProperty('shortDesc');
    expect(after.tags).toEqual(['raw']);
    expect(after.versionTag).toEqual({ versionNumber: 4, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW });
    expect(after.creationTag).toEqual(current.creationTag);
    expect(after.schema).toEqual(current.schema);
  });

  it('keeps only what is sent, beyond identity and tags', async () => {
    await call('PUT', `${CA}/datasets/customers_prepared`, { body: { type: 'Filesystem', params: { connection: 'x' } } });
    const after = (await call('GET', `${CA}/datasets/customers_prepared`)).json as Item;
    expect(Object.keys(after).sort()).toEqual(['creationTag', 'name', 'params', 'projectKey', 'type', 'versionTag']);
  });

  it('bumps versionTag on every PUT and ignores the versionTag sent', async () => {
    const current = (await call('GET', `${CA}/datasets/top_customers`)).json as Item;
    await call('PUT', `${CA}/datasets/top_customers`, { body: current });
    await call('PUT', `${CA}/datasets/top_customers`, { body: { ...current, versionTag: { versionNumber: 99 }, creationTag: null } });
    const after = (await call('GET', `${CA}/datasets/top_customers`)).json as Item;
    expect((after.versionTag as Item).versionNumber).toBe(3);
    expect(after.creationTag).toEqual(current.creationTag);
  });

  it('keeps projectKey and name: the stored identity wins', async () => {
    const current = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    const put = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: { ...current, name: 'renamed', projectKey: 'OTHER' } });
    expect(put.status).toBe(200);
    const after = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    expect(after.name).toBe('RAW_CUSTOMERS');
    expect(after.projectKey).toBe('CUSTOMER_ANALYTICS');
    expect((await call('GET', `${CA}/datasets/renamed`)).status).toBe(404);
  });

  it('omits null fields of the stored document', async () => {
    const current = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: { ...current, description: null, params: { connection: 'pg', table: null } } });
    const after = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    expect(after).not.toHaveProperty('description');
    expect(after.params).toEqual({ connection: 'pg' });
  });

  it('answers an unknown dataset with 404, an invalid body with 400', async () => {
    expect((await call('PUT', `${CA}/datasets/nope`, { body: { type: 'Filesystem' } })).status).toBe(404);
    expect((await call('PUT', '/projects/UNKNOWN/datasets/x', { body: { type: 'Filesystem' } })).status).toBe(404);
    expect((await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: [] })).status).toBe(400);
    const noType = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: { name: 'RAW_CUSTOMERS' } });
    expect(noType.status).toBe(400);
    expect(envelope(noType).message).toBe('Missing type for dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS');
  });
});

describe('DELETE /projects/{k}/datasets/{d}', () => {
  it('deletes; the dataset, its metadata and its list entry are gone', async () => {
    const response = await call('DELETE', `${CA}/datasets/customers_by_country?dropData=False`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ msg: 'Deleted dataset CUSTOMER_ANALYTICS.customers_by_country' });
    expect((await call('GET', `${CA}/datasets/customers_by_country`)).status).toBe(404);
    expect((await call('GET', `${CA}/datasets/customers_by_country/metadata`)).status).toBe(404);
    const names = ((await call('GET', `${CA}/datasets/`)).json as Item[]).map((item) => item.name);
    expect(names).not.toContain('customers_by_country');
  });

  it('accepts dropData=true and answers a second delete with 404', async () => {
    expect((await call('DELETE', `${CA}/datasets/top_customers?dropData=true`)).status).toBe(200);
    const again = await call('DELETE', `${CA}/datasets/top_customers`);
    expect(again.status).toBe(404);
    expect(envelope(again).errorType).toBe(NOT_FOUND);
  });

  it('answers an invalid dropData with 400', async () => {
    expect((await call('DELETE', `${CA}/datasets/top_customers?dropData=1`)).status).toBe(400);
  });
});

describe('GET|PUT /projects/{k}/datasets/{d}/metadata', () => {
  it('returns tags, checklists, custom and the set text fields', async () => {
    const response = await call('GET', `${CA}/datasets/RAW_CUSTOMERS/metadata`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      checklists: { checklists: [] },
      tags: ['raw', 'pii'],
      custom: { kv: {} },
      description: 'Customers as exported nightly by the CRM.',
      shortDesc: 'CRM customers',
      customFields: {},
    });
  });

  it('answers an unknown dataset or project with 404 NotFoundException', async () => {
    const unknownDataset = await call('GET', `${CA}/datasets/nope/metadata`);
    expect(unknownDataset.status).toBe(404);
    expect(envelope(unknownDataset)).toEqual({
      errorType: NOT_FOUND,
      message: 'Dataset CUSTOMER_ANALYTICS.nope does not exist',
      detailedMessage: 'Dataset CUSTOMER_ANALYTICS.nope does not exist',
    });
    expect((await call('GET', '/projects/UNKNOWN/datasets/x/metadata')).status).toBe(404);
  });

  it('writes the metadata fields into the definition and bumps versionTag', async () => {
    const put = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS/metadata`, {
      body: { tags: ['gold'], custom: { kv: { owner: 'x' } }, checklists: { checklists: [] }, label: 'Raw' },
    });
    expect(put.json).toEqual({ msg: 'updated metadata for CUSTOMER_ANALYTICS.RAW_CUSTOMERS' });
    const definition = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    expect(definition.tags).toEqual(['gold']);
    expect(definition.customMeta).toEqual({ kv: { owner: 'x' } });
    expect(definition.label).toBe('Raw');
    expect(definition).not.toHaveProperty('description');
    expect((definition.versionTag as Item).versionNumber).toBe(4);
    expect(definition.schema).toEqual(demoDataset(0, 'RAW_CUSTOMERS').schema);
  });

  it('fills defaults for a minimal metadata body', async () => {
    await call('PUT', `${CA}/datasets/RAW_CUSTOMERS/metadata`, { body: {} });
    const metadata = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS/metadata`)).json;
    expect(metadata).toEqual({ checklists: { checklists: [] }, tags: [], custom: { kv: {} } });
  });

  it('answers PUT on an unknown dataset with 404', async () => {
    expect((await call('PUT', `${CA}/datasets/nope/metadata`, { body: {} })).status).toBe(404);
  });
});
