import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeChecksum, hasErrorCode, ResourceNotFoundError } from '@dataiku-iac/models';
import { DssApiError, DssClient } from '@dataiku-iac/dss-client';
import { isRedactionMarker, type SyncOptions } from '@dataiku-iac/sync-project';
import { API, API_KEY, dssError, DSS_HOST, fakeDss, KEY_FORMS, ordersDataset } from '@dataiku-iac/test-utils';
import { DatasetSync } from './dataset-sync.js';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

const NOW = '2026-11-22T10:00:00.000+00:00';

function sync(options: Partial<SyncOptions> = {}, concurrency = 16): DatasetSync {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, retries: 1, concurrency });
  return new DatasetSync({ client, now: () => NOW, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
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
    server.use(...fakeDss({ SALES_ANALYTICS: { datasets: { orders_prepared: ordersDataset() } } }));
    const resource = await sync({ deployedBy: 'ci' }).fetch('dataset.SALES_ANALYTICS.orders_prepared');
    expect(resource.resourceType).toBe('dataset');
    expect(resource.resourceId).toBe('dataset.SALES_ANALYTICS.orders_prepared');
    expect(resource.attributes).toEqual(ordersAttributes);
    expect(JSON.stringify(resource.attributes)).toBe(JSON.stringify(ordersAttributes));
    expect(resource.metadata).toEqual({ deployedAt: NOW, deployedBy: 'ci', dataikuInternalId: 'orders_prepared', checksum: computeChecksum(ordersAttributes), managed: false });
    expect(sync().resourceType).toBe('dataset');
  });

  it('fills absent fields with the defaults of their kind', async () => {
    server.use(...fakeDss({ P: { datasets: { bare: { name: 'bare', type: 'UploadedFiles' } } } }));
    expect((await sync().fetch('dataset.P.bare')).attributes).toEqual(EMPTY_ATTRIBUTES);
  });

  it('fills null fields with the same defaults', async () => {
    const nulls = { name: 'bare', type: 'UploadedFiles', managed: null, params: null, schema: null, formatType: null, formatParams: null, partitioning: null, tags: null, description: null, shortDesc: null };
    server.use(...fakeDss({ P: { datasets: { bare: nulls } } }));
    expect((await sync().fetch('dataset.P.bare')).attributes).toEqual(EMPTY_ATTRIBUTES);
  });

  it('is not fooled by bookkeeping: a save without a change gives the same checksum', async () => {
    server.use(...fakeDss({ P: { datasets: { orders: ordersDataset('orders') } } }));
    const before = await sync().fetch('dataset.P.orders');
    const saved = { ...ordersDataset('orders'), versionTag: { versionNumber: 4, lastModifiedBy: { login: 'bob' }, lastModifiedOn: 1719000000000 }, metrics: { probes: [] } };
    server.use(...fakeDss({ P: { datasets: { orders: saved } } }));
    const after = await sync().fetch('dataset.P.orders');
    expect(after.attributes).toEqual(before.attributes);
    expect(after.metadata.checksum).toBe(before.metadata.checksum);
  });

  it('detects a real change', async () => {
    server.use(...fakeDss({ P: { datasets: { orders: ordersDataset('orders') } } }));
    const before = await sync().fetch('dataset.P.orders');
    server.use(...fakeDss({ P: { datasets: { orders: { ...ordersDataset('orders'), tags: ['sales', 'gold'] } } } }));
    expect((await sync().fetch('dataset.P.orders')).metadata.checksum).not.toBe(before.metadata.checksum);
  });

  it('raises ResourceNotFoundError for a dataset DSS does not know', async () => {
    server.use(...fakeDss({ P: { datasets: {} } }));
    const error = await failure(sync().fetch('dataset.P.missing'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toBe('dataset.P.missing does not exist in DSS');
  });

  it('passes other failures through unchanged', async () => {
    server.use(http.get(`${API}/projects/P/datasets/x`, () => dssError(500, 'com.dataiku.dip.exceptions.CodedIOException', 'Dataset P.x does not exist')));
    const error = await failure(sync().fetch('dataset.P.x'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    server.use(http.get(`${API}/projects/P/datasets/y`, () => HttpResponse.json({ name: 'y', type: 'S3', managed: 'yes' })));
    expect((await failure(sync().fetch('dataset.P.y'))).message).toBe('GET /public/api/projects/P/datasets/y: expected "managed" to be a boolean, got string');
  });

  it('rejects malformed ids and other types', async () => {
    for (const id of ['project.P', 'recipe.P.x', 'dataset.P', 'dataset.P.a.b', 'dataset.P.a b']) {
      expect(hasErrorCode(await failure(sync().fetch(id)), 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('redacts secrets in params and keeps drift visible', async () => {
    const sql = (password: string) => ({
      name: 'customers',
      type: 'PostgreSQL',
      params: { connection: 'pg', mode: 'table', table: 'customers', customProperties: [{ name: 'sslpassword', password }], secretToken: password },
    });
    server.use(...fakeDss({ P: { datasets: { customers: sql('hunter2'), other: { ...sql('hunter2'), name: 'other' } } } }));
    const first = await sync().fetch('dataset.P.customers');
    const other = await sync().fetch('dataset.P.other');
    expect(JSON.stringify(first.toJSON())).not.toContain('hunter2');
    const params = first.attributes.params as { secretToken: unknown; customProperties: { password: unknown }[]; table: unknown };
    expect(isRedactionMarker(params.secretToken)).toBe(true);
    expect(isRedactionMarker(params.customProperties[0]?.password)).toBe(true);
    expect(params.table).toBe('customers');
    expect((other.attributes.params as { secretToken: unknown }).secretToken).not.toBe(params.secretToken);
    server.use(...fakeDss({ P: { datasets: { customers: sql('correct horse') } } }));
    const changed = await sync().fetch('dataset.P.customers');
    expect((changed.attributes.params as { secretToken: unknown }).secretToken).not.toBe(params.secretToken);
    expect(changed.metadata.checksum).not.toBe(first.metadata.checksum);
    const rekeyed = await sync({ redactionKey: 'team-key' }).fetch('dataset.P.customers');
    expect((rekeyed.attributes.params as { secretToken: unknown }).secretToken).not.toBe((changed.attributes.params as { secretToken: unknown }).secretToken);
  });

  it('keeps prototype keys from DSS as harmless data', async () => {
    server.use(
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
    server.use(...fakeDss({ P: { datasets: { zeta: ordersDataset('zeta'), alpha: ordersDataset('alpha'), mid: { name: 'mid', type: 'S3' } } } }));
    const resources = await sync().listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['dataset.P.alpha', 'dataset.P.mid', 'dataset.P.zeta']);
    expect(resources.map((resource) => resource.attributes.type)).toEqual(['Filesystem', 'S3', 'Filesystem']);
  });

  it('returns an empty list for a project without datasets', async () => {
    server.use(...fakeDss({ P: {} }));
    expect(await sync().listAll('P')).toEqual([]);
  });

  it('requires a project key', async () => {
    for (const key of [undefined, '', 'BAD.KEY']) {
      expect(hasErrorCode(await failure(sync().listAll(key)), 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('reports a missing project as not found', async () => {
    server.use(...fakeDss({}));
    const error = await failure(sync().listAll('NOPE'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toMatchObject({ resourceId: 'project.NOPE', code: 'RESOURCE_NOT_FOUND' });
  });

  it('skips a dataset deleted after listing, with a warning', async () => {
    const warnings: string[] = [];
    server.use(
      http.get(`${API}/projects/P/datasets/`, () => HttpResponse.json([{ name: 'kept' }, { name: 'gone' }])),
      ...fakeDss({ P: { datasets: { kept: ordersDataset('kept') } } }),
    );
    const resources = await sync({ onWarning: (message) => warnings.push(message) }).listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['dataset.P.kept']);
    expect(warnings).toEqual(['dataset.P.gone was listed but no longer exists in DSS (deleted meanwhile?); skipped']);
  });

  it('fails as a whole when one dataset answers 500', async () => {
    server.use(
      http.get(`${API}/projects/P/datasets/broken`, () => dssError(500, 'com.dataiku.dip.exceptions.DSSInternalErrorException', 'boom')),
      ...fakeDss({ P: { datasets: { a: ordersDataset('a'), broken: ordersDataset('broken'), c: ordersDataset('c') } } }),
    );
    const warnings: string[] = [];
    const error = await failure(sync({ onWarning: (message) => warnings.push(message) }).listAll('P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    expect(error.message).toBe('GET /public/api/projects/P/datasets/broken failed with 500 Internal Server Error: DSSInternalErrorException: boom');
    expect(warnings).toEqual([]);
    expect(KEY_FORMS.some((form) => JSON.stringify(error).includes(form))).toBe(false);
  });

  it('fetches the datasets concurrently, within the client limit', async () => {
    const names = Array.from({ length: 8 }, (_, index) => `d${index}`);
    let current = 0;
    let max = 0;
    let arrived = 0;
    const waiting: (() => void)[] = [];
    server.use(
      http.get(`${API}/projects/P/datasets/`, () => HttpResponse.json(names.map((name) => ({ name })))),
      http.get(`${API}/projects/P/datasets/:name`, async ({ params }) => {
        arrived++;
        current++;
        max = Math.max(max, current);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length >= 3 || arrived === names.length) for (const release of waiting.splice(0)) release();
        });
        current--;
        return HttpResponse.json({ name: params.name, type: 'S3' });
      }),
    );
    const resources = await sync({}, 3).listAll('P');
    expect(resources).toHaveLength(names.length);
    expect(max).toBe(3);
  });
});
