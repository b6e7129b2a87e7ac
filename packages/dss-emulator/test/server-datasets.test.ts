import { describe, expect, it } from 'vitest';
import { demoInstance } from '../src/fixtures/demo-instance.js';
import { envelope, ILLEGAL_ARGUMENT, JAVA_ILLEGAL_ARGUMENT, NOT_FOUND, NOW, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

type Item = Record<string, unknown>;
const CA = '/projects/CUSTOMER_ANALYTICS';

function demoDataset(projectIndex: number, name: string): Item {
  const dataset = demoInstance().projects[projectIndex]?.datasets?.find((candidate) => candidate.name === name);
  if (dataset === undefined) throw new Error(`no demo dataset ${name}`);
  return dataset;
}

const LIST_ITEM_FIELDS = ['checklists', 'customMeta', 'flowOptions', 'formatParams', 'formatType', 'managed', 'name', 'params', 'partitioning', 'projectKey', 'schema', 'tags', 'type'];

describe('GET /projects/{k}/datasets/', () => {
  it('lists the definitions as the developer guide prints them: schema, params, formats, no bookkeeping', async () => {
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
    for (const item of items) {
      const definition = demoDataset(0, item.name as string);
      const expected = Object.fromEntries(LIST_ITEM_FIELDS.filter((field) => field in definition).map((field) => [field, definition[field]]));
      expect(item).toEqual(expected);
    }
    expect(items[0]?.schema).toEqual(demoDataset(0, 'RAW_CUSTOMERS').schema);
    expect(items[1]?.formatParams).toEqual(demoDataset(0, 'customers_prepared').formatParams);
    for (const field of ['versionTag', 'creationTag', 'metrics', 'readWriteOptions', 'description']) expect(items[0]).not.toHaveProperty(field);
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

  it('creates a dataset as DSS stores it: expanded csv format, file selection, flow and read options', async () => {
    const stale = { versionNumber: 9, lastModifiedBy: { login: 'x' }, lastModifiedOn: 1 };
    const response = await call('POST', `${CA}/datasets/`, { body: { ...body, creationTag: stale, versionTag: stale } });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ msg: 'Created dataset CUSTOMER_ANALYTICS.orders_raw' });
    const created = (await call('GET', `${CA}/datasets/orders_raw`)).json as Item;
    expect(created).toEqual({
      ...body,
      params: {
        connection: 'filesystem_root',
        path: '/data/orders',
        notReadyIfEmpty: false,
        filesSelectionRules: { mode: 'ALL', includeRules: [], excludeRules: [], explicitFiles: [] },
      },
      formatParams: {
        style: 'excel',
        charset: 'utf8',
        separator: ',',
        quoteChar: '"',
        escapeChar: '\\',
        dateSerializationFormat: 'ISO',
        arrayMapFormat: 'json',
        hiveSeparators: ['\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\b'],
        skipRowsBeforeHeader: 0,
        parseHeaderRow: true,
        skipRowsAfterHeader: 0,
        probableNumberOfRecords: 0,
        normalizeBooleans: false,
        normalizeDoubles: true,
        readAdditionalColumnsBehavior: 'INSERT_IN_DATA_WARNING',
        readMissingColumnsBehavior: 'DISCARD_SILENT',
        readDataTypeMismatchBehavior: 'DISCARD_WARNING',
        writeDataTypeMismatchBehavior: 'DISCARD_WARNING',
        fileReadFailureBehavior: 'FAIL',
        compress: '',
      },
      managed: false,
      featureGroup: false,
      partitioning: { ignoreNonMatchingFile: false, considerMissingRequestedPartitionsAsEmpty: false, dimensions: [] },
      schema: { columns: [], userModified: false },
      flowOptions: { virtualizable: false, rebuildBehavior: 'NORMAL', crossProjectBuildBehavior: 'DEFAULT' },
      readWriteOptions: { preserveOrder: false, writeBuckets: 1, forceSingleOutputFile: false, defaultReadOrdering: { enabled: false, rules: [] } },
      metrics: {},
      metricsChecks: {},
      tags: [],
      customFields: {},
      customMeta: { kv: {} },
      checklists: { checklists: [] },
      creationTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
      versionTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
    });
    expect(Object.keys(created.formatParams as Item)).toHaveLength(20);
    const names = ((await call('GET', `${CA}/datasets/`)).json as Item[]).map((item) => item.name);
    expect(names).toContain('orders_raw');
  });

  it('keeps the values sent, ${projectKey} unexpanded, and completes nested objects key by key', async () => {
    await call('POST', `${CA}/datasets/`, {
      body: {
        ...body,
        params: { connection: 'filesystem_managed', path: '${projectKey}/orders', notReadyIfEmpty: true },
        formatParams: { style: 'unix', separator: '\t', charset: 'latin1' },
        partitioning: { dimensions: [{ name: 'day', type: 'time', params: { period: 'DAY' } }] },
        schema: { columns: [{ name: 'id', type: 'bigint' }], userModified: true },
      },
    });
    const created = (await call('GET', `${CA}/datasets/orders_raw`)).json as Record<string, Item>;
    expect(created.params?.path).toBe('${projectKey}/orders');
    expect(created.params?.notReadyIfEmpty).toBe(true);
    expect(created.formatParams).toMatchObject({ style: 'unix', separator: '\t', charset: 'latin1', quoteChar: '"' });
    expect(created.partitioning).toEqual({
      ignoreNonMatchingFile: false,
      considerMissingRequestedPartitionsAsEmpty: false,
      dimensions: [{ name: 'day', type: 'time', params: { period: 'DAY' } }],
    });
    expect(created.schema).toEqual({ columns: [{ name: 'id', type: 'bigint' }], userModified: true });
  });

  it('adds no file or csv defaults to other kinds of datasets', async () => {
    const sql = { name: 'orders_sql', type: 'PostgreSQL', params: { connection: 'pg_crm', mode: 'table', table: 'orders' } };
    await call('POST', `${CA}/datasets/`, { body: sql });
    const created = (await call('GET', `${CA}/datasets/orders_sql`)).json as Item;
    expect(created.params).toEqual(sql.params);
    expect(created).not.toHaveProperty('formatParams');
    await call('POST', `${CA}/datasets/`, { body: { name: 'uploaded', type: 'UploadedFiles', params: { uploadConnection: 'anything' }, formatType: 'parquet' } });
    const uploaded = (await call('GET', `${CA}/datasets/uploaded`)).json as Item;
    expect(uploaded.params).toMatchObject({ uploadConnection: 'anything', notReadyIfEmpty: false });
    expect(uploaded).not.toHaveProperty('formatParams');
  });

  it('refuses an unknown connection as DSS does, and creates nothing', async () => {
    const response = await call('POST', `${CA}/datasets/`, { body: { ...body, params: { connection: 'nowhere', path: '/x' } } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errorType: JAVA_ILLEGAL_ARGUMENT,
      message: "Connection 'nowhere' does not exist",
      detailedMessage: "Connection 'nowhere' does not exist",
    });
    expect((await call('GET', `${CA}/datasets/orders_raw`)).status).toBe(404);
  });

  it('knows the connections it is given', async () => {
    test.emulator.store.connections.set('nowhere', 'Filesystem');
    try {
      expect((await call('POST', `${CA}/datasets/`, { body: { ...body, params: { connection: 'nowhere', path: '/x' } } })).status).toBe(200);
    } finally {
      test.emulator.store.connections.delete('nowhere');
    }
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
    const put = { projectKey: 'CUSTOMER_ANALYTICS', name: 'customers_prepared', type: 'Filesystem', params: { connection: 'x' } };
    await call('PUT', `${CA}/datasets/customers_prepared`, { body: put });
    const after = (await call('GET', `${CA}/datasets/customers_prepared`)).json as Item;
    expect(Object.keys(after).sort()).toEqual(['creationTag', 'name', 'params', 'projectKey', 'type', 'versionTag']);
  });

  it.each([
    ['projectKey', { name: 'RAW_CUSTOMERS', type: 'PostgreSQL' }],
    ['name', { projectKey: 'CUSTOMER_ANALYTICS', type: 'PostgreSQL' }],
  ])('refuses a definition without its %s and changes nothing', async (field, definition) => {
    const response = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: definition });
    expect(response.status).toBe(400);
    expect(envelope(response).message).toBe(`Invalid dataset definition for CUSTOMER_ANALYTICS.RAW_CUSTOMERS: ${field} is missing`);
    expect((await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json).toEqual(demoDataset(0, 'RAW_CUSTOMERS'));
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
    expect((await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: [] })).status).toBe(400);
    const noType = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS`, { body: { name: 'RAW_CUSTOMERS', projectKey: 'CUSTOMER_ANALYTICS' } });
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

describe('POST /projects/{k}/datasets/managed', () => {
  it('creates a managed dataset on the connection, typed after it, in the format asked for', async () => {
    const response = await call('POST', `${CA}/datasets/managed`, {
      body: {
        name: 'orders_prepared',
        creationSettings: { connectionId: 'filesystem_managed', specificSettings: { formatOptionId: 'CSV_EXCEL_GZIP' }, typeOptionId: null, partitioningOptionId: null },
      },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ msg: 'Created dataset CUSTOMER_ANALYTICS.orders_prepared' });
    const created = (await call('GET', `${CA}/datasets/orders_prepared`)).json as Record<string, Item>;
    expect(created).toMatchObject({ type: 'Filesystem', managed: true, formatType: 'csv' });
    expect(created.params).toMatchObject({ connection: 'filesystem_managed', path: '${projectKey}/orders_prepared', notReadyIfEmpty: false });
    expect(created.formatParams).toMatchObject({ style: 'excel', separator: ',', compress: 'gz', charset: 'utf8' });
    expect(created.partitioning?.dimensions).toEqual([]);
  });

  it('makes SQL tables on SQL connections, and copies the partitioning of another dataset', async () => {
    await call('POST', '/projects/SALES_REPORTING/datasets/', {
      body: { name: 'daily', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '/d' }, partitioning: { dimensions: [{ name: 'day', type: 'time', params: { period: 'DAY' } }] } },
    });
    await call('POST', '/projects/SALES_REPORTING/datasets/managed', {
      body: { name: 'daily_sql', creationSettings: { connectionId: 'snowflake_dwh', partitioningOptionId: 'copy:dataset:daily' } },
    });
    const created = (await call('GET', '/projects/SALES_REPORTING/datasets/daily_sql')).json as Record<string, Item>;
    expect(created.type).toBe('Snowflake');
    expect(created.params).toEqual({ notReadyIfEmpty: false, mode: 'table', connection: 'snowflake_dwh', table: '${projectKey}_daily_sql' });
    expect(created).not.toHaveProperty('formatType');
    expect(created.partitioning?.dimensions).toEqual([{ name: 'day', type: 'time', params: { period: 'DAY' } }]);
    await call('POST', '/projects/sandbox_lab/datasets/managed', {
      body: { name: 'copy', creationSettings: { partitioningOptionId: 'copy:dataset:SALES_REPORTING.daily', specificSettings: { formatOptionId: 'PARQUET_HIVE' } } },
    });
    const copy = (await call('GET', '/projects/sandbox_lab/datasets/copy')).json as Record<string, Item>;
    expect(copy.params?.connection).toBe('filesystem_managed');
    expect(copy.formatType).toBe('parquet');
    expect(copy.partitioning?.dimensions).toEqual([{ name: 'day', type: 'time', params: { period: 'DAY' } }]);
  });

  it.each([
    ['an unknown connection', { name: 'x', creationSettings: { connectionId: 'nope' } }, JAVA_ILLEGAL_ARGUMENT, "Connection 'nope' does not exist"],
    ['an unknown format', { name: 'x', creationSettings: { specificSettings: { formatOptionId: 'XLS' } } }, JAVA_ILLEGAL_ARGUMENT, "Unknown format option 'XLS'"],
    ['an unknown partitioning option', { name: 'x', creationSettings: { partitioningOptionId: 'by:magic' } }, JAVA_ILLEGAL_ARGUMENT, "Unknown partitioning option 'by:magic'"],
    ['a missing name', { creationSettings: {} }, ILLEGAL_ARGUMENT, 'Missing name in managed dataset creation body'],
    ['non-object settings', { name: 'x', creationSettings: 'fs' }, ILLEGAL_ARGUMENT, 'Invalid creationSettings: expected a JSON object'],
    ['a taken name', { name: 'RAW_CUSTOMERS' }, ILLEGAL_ARGUMENT, 'Dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS already exists'],
  ])('refuses %s', async (_label, requestBody, errorType, message) => {
    const response = await call('POST', `${CA}/datasets/managed`, { body: requestBody });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ errorType, message, detailedMessage: message });
    expect((await call('GET', `${CA}/datasets/x`)).status).toBe(404);
  });

  it('answers a copy from an unknown dataset with 404', async () => {
    const response = await call('POST', `${CA}/datasets/managed`, { body: { name: 'x', creationSettings: { partitioningOptionId: 'copy:dataset:nope' } } });
    expect(response.status).toBe(404);
  });

  it('still serves a dataset named "managed" or "templates" on GET', async () => {
    expect(envelope(await call('GET', `${CA}/datasets/managed`)).message).toBe('Dataset CUSTOMER_ANALYTICS.managed does not exist');
    await call('POST', `${CA}/datasets/`, { body: { name: 'managed', type: 'Filesystem' } });
    expect(((await call('GET', `${CA}/datasets/managed`)).json as Item).name).toBe('managed');
    expect((await call('POST', `${CA}/datasets/templates`, { body: {} })).status).toBe(405);
  });
});

describe('GET /projects/{k}/datasets/templates', () => {
  it('gives the defaults of new datasets', async () => {
    const templates = (await call('GET', `${CA}/datasets/templates`)).json as Record<string, Item>;
    expect(Object.keys(templates).sort()).toEqual(['abstractFSConfig', 'abstractSQLConfig', 'csvFormat', 'dataset']);
    expect(templates.abstractFSConfig).toEqual({ notReadyIfEmpty: false, filesSelectionRules: { mode: 'ALL', includeRules: [], excludeRules: [], explicitFiles: [] } });
    expect(Object.keys(templates.csvFormat ?? {})).toHaveLength(20);
    expect(templates.dataset?.flowOptions).toEqual({ virtualizable: false, rebuildBehavior: 'NORMAL', crossProjectBuildBehavior: 'DEFAULT' });
  });
});

describe('GET|PUT /projects/{k}/datasets/{d}/schema', () => {
  it('reads and writes the schema of the definition', async () => {
    const schema = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS/schema`)).json;
    expect(schema).toEqual(demoDataset(0, 'RAW_CUSTOMERS').schema);
    const next = { columns: [{ name: 'id', type: 'bigint' }], userModified: true };
    const put = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS/schema`, { body: next });
    expect(put.json).toEqual({ msg: 'Updated schema of dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS' });
    expect((await call('GET', `${CA}/datasets/RAW_CUSTOMERS/schema`)).json).toEqual(next);
    const definition = (await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json as Item;
    expect(definition.schema).toEqual(next);
    expect((definition.versionTag as Item).versionNumber).toBe(4);
  });

  it('gives an empty schema to a definition without one', async () => {
    test.emulator.store.putDataset('CUSTOMER_ANALYTICS', 'RAW_CUSTOMERS', { type: 'PostgreSQL' });
    expect((await call('GET', `${CA}/datasets/RAW_CUSTOMERS/schema`)).json).toEqual({ columns: [], userModified: false });
  });

  it('refuses a schema without columns, and unknown datasets', async () => {
    const response = await call('PUT', `${CA}/datasets/RAW_CUSTOMERS/schema`, { body: { userModified: true } });
    expect(response.status).toBe(400);
    expect(envelope(response).message).toBe("Invalid schema for dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS: 'columns' must be an array");
    expect((await call('GET', `${CA}/datasets/nope/schema`)).status).toBe(404);
    expect((await call('PUT', `${CA}/datasets/nope/schema`, { body: { columns: [] } })).status).toBe(404);
  });
});

describe('POST /projects/{k}/actions/renameDataset', () => {
  it('renames the dataset and the refs to it in every recipe', async () => {
    const response = await call('POST', `${CA}/actions/renameDataset`, { body: { oldName: 'customers_prepared', newName: 'customers_clean' } });
    expect(response.json).toEqual({ msg: 'Renamed dataset CUSTOMER_ANALYTICS.customers_prepared to customers_clean' });
    expect((await call('GET', `${CA}/datasets/customers_prepared`)).status).toBe(404);
    const renamed = (await call('GET', `${CA}/datasets/customers_clean`)).json as Item;
    expect(renamed.name).toBe('customers_clean');
    expect(renamed.schema).toEqual(demoDataset(0, 'customers_prepared').schema);
    const names = ((await call('GET', `${CA}/datasets/`)).json as Item[]).map((item) => item.name);
    expect(names).toEqual(['RAW_CUSTOMERS', 'customers_clean', 'crm_contacts_api', 'customers_by_country', 'top_customers']);
    const local = (await call('GET', `${CA}/recipes/compute_customers_prepared`)).json as { recipe: Item };
    expect(local.recipe.outputs).toEqual({ main: { items: [{ ref: 'customers_clean', appendMode: false }] } });
    const other = (await call('GET', '/projects/SALES_REPORTING/recipes/compute_sales_by_segment')).json as { recipe: { inputs: { main: { items: { ref: string }[] } } } };
    expect(other.recipe.inputs.main.items.map((item) => item.ref)).toContain('CUSTOMER_ANALYTICS.customers_clean');
  });

  it.each([
    ['an unknown dataset', { oldName: 'nope', newName: 'x' }, 404, 'Dataset CUSTOMER_ANALYTICS.nope does not exist'],
    ['a taken name', { oldName: 'RAW_CUSTOMERS', newName: 'top_customers' }, 400, 'Dataset CUSTOMER_ANALYTICS.top_customers already exists'],
    ['an invalid name', { oldName: 'RAW_CUSTOMERS', newName: 'a.b' }, 400, 'Invalid dataset name "a.b": it must match [A-Za-z0-9_-]+'],
    ['a missing name', { oldName: 'RAW_CUSTOMERS' }, 400, 'Missing newName in rename body'],
  ])('refuses %s and changes nothing', async (_label, requestBody, status, message) => {
    const response = await call('POST', `${CA}/actions/renameDataset`, { body: requestBody });
    expect(response.status).toBe(status);
    expect(envelope(response).message).toBe(message);
    expect((await call('GET', `${CA}/datasets/RAW_CUSTOMERS`)).json).toEqual(demoDataset(0, 'RAW_CUSTOMERS'));
  });
});
