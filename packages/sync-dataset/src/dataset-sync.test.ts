import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { computeChecksum, hasErrorCode, ResourceNotFoundError } from '@dataiku-iac/models';
import { DssApiError, DssClient } from '@dataiku-iac/dss-client';
import type { JsonObject } from '@dataiku-iac/dss-emulator';
import { isRedactionMarker, type SyncOptions } from '@dataiku-iac/sync-project';
import { API, API_KEY, DSS_HOST, KEY_FORMS, ordersDataset, rejectionOf, useEmulatedDss } from '@dataiku-iac/test-utils';
import { DatasetSync } from './dataset-sync.js';

const dss = useEmulatedDss();

const NOW = '2026-11-22T10:00:00.000+00:00';

function sync(options: Partial<SyncOptions> = {}, concurrency = 16): DatasetSync {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retries: 0, concurrency });
  return new DatasetSync({ client, now: () => NOW, ...options });
}

/** Project P with these datasets. */
function seedDatasets(...datasets: JsonObject[]): void {
  dss.seed([{ projectKey: 'P', datasets }]);
}

const ordersAttributes = {
  description: 'Cleaned orders',
  formatParams: { charset: 'utf8', parseHeaderRow: false, separator: '\t', style: 'unix' },
  formatType: 'csv',
  managed: true,
  name: 'orders_prepared',
  params: { connection: 'filesystem_managed', path: '${projectKey}/orders_prepared' },
  partitioning: { dimensions: [], ignoreNonMatchingFile: false },
  schema: {
    columns: [
      { name: 'order_id', type: 'bigint' },
      { maxLength: -1, name: 'customer', type: 'string' },
    ],
    userModified: false,
  },
  shortDesc: 'orders, cleaned',
  tags: ['sales'],
  type: 'Filesystem',
};

const EMPTY_ATTRIBUTES = {
  name: 'bare',
  type: 'UploadedFiles',
  managed: false,
  params: {},
  schema: {},
  formatType: '',
  formatParams: {},
  partitioning: {},
  tags: [],
  description: '',
  shortDesc: '',
};

describe('DatasetSync.fetch', () => {
  it('reads a dataset from its own GET', async () => {
    dss.seed([{ projectKey: 'SALES_ANALYTICS', datasets: [ordersDataset()] }]);
    const resource = await sync({ deployedBy: 'ci' }).fetch('dataset.SALES_ANALYTICS.orders_prepared');
    expect(resource.resourceType).toBe('dataset');
    expect(resource.resourceId).toBe('dataset.SALES_ANALYTICS.orders_prepared');
    expect(resource.attributes).toEqual(ordersAttributes);
    expect(JSON.stringify(resource.attributes)).toBe(JSON.stringify(ordersAttributes));
    expect(resource.metadata).toEqual({
      deployedAt: NOW,
      deployedBy: 'ci',
      dataikuInternalId: 'orders_prepared',
      checksum: computeChecksum(ordersAttributes),
      managed: false,
    });
    expect(sync().resourceType).toBe('dataset');
  });

  it('reads a dataset created through the API with the defaults DSS adds', async () => {
    dss.seed([{ projectKey: 'P' }]);
    const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retries: 0 });
    await client.createDataset('P', { name: 'raw', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '/raw' }, formatType: 'csv', formatParams: { separator: ';' } });
    const resource = await sync().fetch('dataset.P.raw');
    expect(resource.attributes.params).toEqual(dss.emulator.store.getDataset('P', 'raw').params);
    expect(resource.attributes.formatParams).toMatchObject({ separator: ';', charset: 'utf8', quoteChar: '"' });
    expect(dss.emulator.stats.writes('dataset.P.raw')).toEqual({ creates: 1, updates: 0, deletes: 0 });
  });

  it('fills absent and null fields with the defaults of their kind', async () => {
    // DSS never omits these nor sends nulls; a client must cope all the same. Exact responses, then.
    const nulls = { name: 'bare', type: 'UploadedFiles', managed: null, params: null, schema: null, formatType: null, formatParams: null, partitioning: null, tags: null, description: null, shortDesc: null };
    for (const body of [{ name: 'bare', type: 'UploadedFiles' }, nulls]) {
      dss.server.use(http.get(`${API}/projects/P/datasets/bare`, () => HttpResponse.json(body)));
      expect((await sync().fetch('dataset.P.bare')).attributes).toEqual(EMPTY_ATTRIBUTES);
    }
  });

  it('is not fooled by bookkeeping: a save without a change gives the same checksum', async () => {
    seedDatasets(ordersDataset('orders'));
    const before = await sync().fetch('dataset.P.orders');
    const saved = dss.emulator.store.getDataset('P', 'orders');
    dss.emulator.store.putDataset('P', 'orders', { ...saved, metrics: { probes: [] } });
    const after = await sync().fetch('dataset.P.orders');
    expect(dss.emulator.store.getDataset('P', 'orders').versionTag).toMatchObject({ versionNumber: 4 });
    expect(after.attributes).toEqual(before.attributes);
    expect(after.metadata.checksum).toBe(before.metadata.checksum);
  });

  it('detects a real change', async () => {
    seedDatasets(ordersDataset('orders'));
    const before = await sync().fetch('dataset.P.orders');
    dss.emulator.store.putDatasetMetadata('P', 'orders', { ...dss.emulator.store.getDatasetMetadata('P', 'orders'), tags: ['sales', 'gold'] });
    expect((await sync().fetch('dataset.P.orders')).metadata.checksum).not.toBe(before.metadata.checksum);
  });

  it('raises ResourceNotFoundError for a dataset DSS does not know', async () => {
    seedDatasets();
    const error = await rejectionOf(sync().fetch('dataset.P.missing'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toBe('dataset.P.missing does not exist in DSS');
  });

  it('read gives the whole definition with the resource, and undefined for a dataset DSS does not know', async () => {
    seedDatasets(ordersDataset());
    const read = await sync().read('dataset.P.orders_prepared');
    expect(read?.resource.attributes.name).toBe('orders_prepared');
    expect(read?.document).toMatchObject({ name: 'orders_prepared', projectKey: 'P', versionTag: { versionNumber: expect.any(Number) as unknown } });
    expect(await sync().read('dataset.P.missing')).toBeUndefined();
    dss.emulator.faults.add({ type: 'status', status: 500, path: '/projects/P/datasets/orders_prepared' });
    expect(DssApiError.isInstance(await rejectionOf(sync().read('dataset.P.orders_prepared')))).toBe(true);
  });

  it('passes other failures through unchanged', async () => {
    seedDatasets({ name: 'x', type: 'S3' });
    dss.emulator.faults.add({ type: 'status', status: 500, errorType: 'com.dataiku.dip.exceptions.CodedIOException', message: 'Dataset P.x does not exist', path: '/projects/P/datasets/x' });
    const error = await rejectionOf(sync().fetch('dataset.P.x'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    dss.emulator.faults.add({ type: 'unexpected-shape', body: { name: 'y', type: 'S3', managed: 'yes' }, path: '/projects/P/datasets/y' });
    expect((await rejectionOf(sync().fetch('dataset.P.y'))).message).toBe('GET /public/api/projects/P/datasets/y: expected "managed" to be a boolean, got string');
  });

  it('rejects malformed ids and other types', async () => {
    for (const id of ['project.P', 'recipe.P.x', 'dataset.P', 'dataset.P.a.b', 'dataset.P.a b']) {
      expect(hasErrorCode(await rejectionOf(sync().fetch(id)), 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('redacts secrets in params and keeps drift visible', async () => {
    const sql = (name: string, password: string): JsonObject => ({
      name,
      type: 'PostgreSQL',
      params: { connection: 'pg', mode: 'table', table: 'customers', customProperties: [{ name: 'sslpassword', password }], secretToken: password },
    });
    seedDatasets(sql('customers', 'hunter2'), sql('other', 'hunter2'));
    const first = await sync().fetch('dataset.P.customers');
    const other = await sync().fetch('dataset.P.other');
    expect(JSON.stringify(first.toJSON())).not.toContain('hunter2');
    const params = first.attributes.params as { secretToken: unknown; customProperties: { password: unknown }[]; table: unknown };
    expect(isRedactionMarker(params.secretToken)).toBe(true);
    expect(isRedactionMarker(params.customProperties[0]?.password)).toBe(true);
    expect(params.table).toBe('customers');
    expect((other.attributes.params as { secretToken: unknown }).secretToken).not.toBe(params.secretToken);
    dss.emulator.store.putDataset('P', 'customers', sql('customers', 'correct horse'));
    const changed = await sync().fetch('dataset.P.customers');
    expect((changed.attributes.params as { secretToken: unknown }).secretToken).not.toBe(params.secretToken);
    expect(changed.metadata.checksum).not.toBe(first.metadata.checksum);
    const rekeyed = await sync({ redactionKey: 'team-key' }).fetch('dataset.P.customers');
    expect((rekeyed.attributes.params as { secretToken: unknown }).secretToken).not.toBe((changed.attributes.params as { secretToken: unknown }).secretToken);
  });

  it('keeps prototype keys from DSS as harmless data', async () => {
    // JSON text with __proto__ keys: an exact response.
    dss.server.use(
      http.get(`${API}/projects/P/datasets/evil`, () =>
        HttpResponse.text('{"name": "evil", "type": "S3", "params": {"__proto__": {"polluted": true}}, "schema": {"constructor": {"prototype": {"polluted": true}}}}', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    const resource = await sync().fetch('dataset.P.evil');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(resource.attributes.params as object, '__proto__')).toBe(true);
    expect(JSON.stringify(resource.attributes.params)).toBe('{"__proto__":{"polluted":true}}');
    expect(resource.hasValidChecksum()).toBe(true);
  });
});

describe('DatasetSync.listAll', () => {
  it('returns every dataset of the project, sorted by id', async () => {
    seedDatasets(ordersDataset('zeta'), ordersDataset('alpha'), { name: 'mid', type: 'S3' });
    const resources = await sync().listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['dataset.P.alpha', 'dataset.P.mid', 'dataset.P.zeta']);
    expect(resources.map((resource) => resource.attributes.type)).toEqual(['Filesystem', 'S3', 'Filesystem']);
  });

  it('returns an empty list for a project without datasets', async () => {
    seedDatasets();
    expect(await sync().listAll('P')).toEqual([]);
  });

  it('requires a project key', async () => {
    for (const key of [undefined, '', 'BAD.KEY']) {
      expect(hasErrorCode(await rejectionOf(sync().listAll(key)), 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it.each(['not-found', 'unauthorized'] as const)('reports a project DSS does not have as not found (DSS answers %s)', async (mode) => {
    seedDatasets();
    dss.emulator.unknownProjects = mode;
    const error = await rejectionOf(sync().listAll('NOPE'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toMatchObject({ resourceId: 'project.NOPE', code: 'RESOURCE_NOT_FOUND', message: 'project NOPE does not exist in DSS (or this API key cannot see it)' });
  });

  it('passes a refusal to list the datasets of a listed project through', async () => {
    seedDatasets(ordersDataset('a'));
    dss.emulator.faults.add({ type: 'status', status: 403, path: '/projects/P/datasets/' });
    const error = await rejectionOf(sync().listAll('P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(403);
  });

  it('skips a dataset deleted after listing, with a warning', async () => {
    seedDatasets(ordersDataset('kept'), ordersDataset('gone'));
    dss.emulator.faults.add({ type: 'status', status: 404, path: '/projects/P/datasets/gone' });
    const warnings: string[] = [];
    const resources = await sync({ onWarning: (message) => warnings.push(message) }).listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['dataset.P.kept']);
    expect(warnings).toEqual(['dataset.P.gone was listed but no longer exists in DSS (deleted meanwhile?); skipped']);
  });

  it('fails as a whole when one dataset answers 500', async () => {
    seedDatasets(ordersDataset('a'), ordersDataset('broken'), ordersDataset('c'));
    dss.emulator.faults.add({ type: 'status', status: 500, message: 'boom', path: '/projects/P/datasets/broken' });
    const warnings: string[] = [];
    const error = await rejectionOf(sync({ onWarning: (message) => warnings.push(message) }).listAll('P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    expect(error.message).toBe('GET /public/api/projects/P/datasets/broken failed with 500 Internal Server Error: DSSInternalErrorException: boom');
    expect(warnings).toEqual([]);
    expect(KEY_FORMS.some((form) => JSON.stringify(error).includes(form))).toBe(false);
  });

  it('fetches the datasets concurrently, within the client limit', async () => {
    const datasets = Array.from({ length: 8 }, (_, index) => ({ name: `d${index}`, type: 'S3' }));
    seedDatasets(...datasets);
    // The list is answered at once, so that the hold below holds only the dataset reads.
    dss.server.use(http.get(`${API}/projects/P/datasets/`, () => HttpResponse.json(datasets)));
    const hold = dss.emulator.hold();
    const listing = sync({}, 3).listAll('P');
    await dss.emulator.stats.whenInFlight(3);
    hold.release();
    const resources = await listing;
    expect(resources).toHaveLength(8);
    expect(dss.emulator.stats.maxInFlight).toBe(3);
    expect(dss.emulator.stats.count('GET /projects/{projectKey}/datasets/{datasetName}')).toBe(8);
  });
});
