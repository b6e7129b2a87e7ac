import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeChecksum, hasErrorCode, ResourceNotFoundError } from '@dataiku-iac/models';
import { DssApiError, DssClient } from '@dataiku-iac/dss-client';
import { isRedactionMarker, type SyncOptions } from '@dataiku-iac/sync-project';
import { API, API_KEY, dssError, DSS_HOST, fakeDss, KEY_FORMS, pythonRecipe } from '@dataiku-iac/test-utils';
import { RecipeSync } from './recipe-sync.js';

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

function sync(options: Partial<SyncOptions> = {}): RecipeSync {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, retries: 1 });
  return new RecipeSync({ client, now: () => NOW, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const PYTHON_CODE = 'import dataiku\ndf = dataiku.Dataset("orders_raw").get_dataframe()\n';

/** A prepare (shaker) recipe: its payload is JSON text. */
function shakerRecipe(renameTo = 'client'): Record<string, unknown> {
  return {
    recipe: {
      projectKey: 'SALES_ANALYTICS',
      name: 'prepare_orders',
      type: 'shaker',
      params: { engineType: 'DSS' },
      inputs: { main: { items: [{ ref: 'orders_raw', deps: [] }] } },
      outputs: { main: { items: [{ ref: 'orders_prepared', appendMode: false }] } },
      tags: ['prep'],
      versionTag: { versionNumber: 7, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1718000000000 },
    },
    payload: JSON.stringify({
      steps: [{ metaType: 'PROCESSOR', type: 'ColumnRenamer', params: { renamings: [{ from: 'customer', to: renameTo }] }, disabled: false }],
    }),
  };
}

/** A join recipe whose payload JSON carries a credential-like key. */
function joinRecipe(secret: string): Record<string, unknown> {
  return {
    recipe: { name: 'join_orders', type: 'join', inputs: {}, outputs: {} },
    payload: JSON.stringify({ virtualInputs: [{ index: 0 }], joins: [], engineParams: { hive: { password: secret } } }),
  };
}

describe('RecipeSync.fetch', () => {
  it('reads a code recipe with its code as the payload', async () => {
    server.use(...fakeDss({ SALES_ANALYTICS: { recipes: { compute_orders_prepared: pythonRecipe() } } }));
    const resource = await sync({ deployedBy: 'ci' }).fetch('recipe.SALES_ANALYTICS.compute_orders_prepared');
    const expected = {
      inputs: { main: { items: [{ deps: [], ref: 'orders_raw' }] } },
      name: 'compute_orders_prepared',
      outputs: { main: { items: [{ appendMode: false, ref: 'orders_prepared' }] } },
      params: { envSelection: { envMode: 'INHERIT' } },
      payload: PYTHON_CODE,
      tags: [],
      type: 'python',
    };
    expect(resource.attributes).toEqual(expected);
    expect(JSON.stringify(resource.attributes)).toBe(JSON.stringify(expected));
    expect(resource.resourceId).toBe('recipe.SALES_ANALYTICS.compute_orders_prepared');
    expect(resource.metadata).toEqual({ deployedAt: NOW, deployedBy: 'ci', dataikuInternalId: 'compute_orders_prepared', checksum: computeChecksum(expected), managed: false });
    expect(sync().resourceType).toBe('recipe');
  });

  it('parses a visual recipe payload so a change points inside it', async () => {
    server.use(...fakeDss({ P: { recipes: { prepare_orders: shakerRecipe() } } }));
    const before = await sync().fetch('recipe.P.prepare_orders');
    const payload = before.attributes.payload as { steps: { type: string; params: { renamings: { to: string }[] } }[] };
    expect(payload.steps[0]?.type).toBe('ColumnRenamer');
    expect(payload.steps[0]?.params.renamings[0]?.to).toBe('client');
    server.use(...fakeDss({ P: { recipes: { prepare_orders: shakerRecipe('buyer') } } }));
    const after = await sync().fetch('recipe.P.prepare_orders');
    const changed = after.attributes.payload as typeof payload;
    expect(changed.steps[0]?.params.renamings[0]?.to).toBe('buyer');
    expect({ ...after.attributes, payload: null }).toEqual({ ...before.attributes, payload: null });
  });

  it('has no payload attribute when the recipe has none, and defaults for absent or null fields', async () => {
    const bare = { name: 'bare', type: 'sync', inputs: {}, outputs: {}, params: {}, tags: [] };
    server.use(...fakeDss({ P: { recipes: { bare: { recipe: { name: 'bare', type: 'sync' } } } } }));
    const absent = await sync().fetch('recipe.P.bare');
    expect(absent.attributes).toEqual(bare);
    expect(Object.hasOwn(absent.attributes, 'payload')).toBe(false);
    server.use(
      ...fakeDss({
        P: { recipes: { bare: { recipe: { name: 'bare', type: 'sync', inputs: null, outputs: null, params: null, tags: null }, payload: null } } },
      }),
    );
    expect((await sync().fetch('recipe.P.bare')).attributes).toEqual(bare);
    server.use(...fakeDss({ P: { recipes: { bare: { recipe: { name: 'bare', type: 'sync' }, payload: '' } } } }));
    expect((await sync().fetch('recipe.P.bare')).attributes).toEqual(bare);
  });

  it('is not fooled by bookkeeping: a save without a change gives the same checksum', async () => {
    server.use(...fakeDss({ P: { recipes: { r: pythonRecipe('r') } } }));
    const before = await sync().fetch('recipe.P.r');
    const saved = pythonRecipe('r') as { recipe: Record<string, unknown> };
    saved.recipe.versionTag = { versionNumber: 3, lastModifiedBy: { login: 'bob' }, lastModifiedOn: 1719000000000 };
    saved.recipe.creationTag = { versionNumber: 0 };
    server.use(...fakeDss({ P: { recipes: { r: saved } } }));
    const after = await sync().fetch('recipe.P.r');
    expect(after.attributes).toEqual(before.attributes);
    expect(after.metadata.checksum).toBe(before.metadata.checksum);
  });

  it('raises ResourceNotFoundError for a recipe DSS does not know', async () => {
    server.use(...fakeDss({ P: {} }));
    const error = await failure(sync().fetch('recipe.P.missing'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toBe('recipe.P.missing does not exist in DSS');
  });

  it('passes other failures through unchanged', async () => {
    server.use(http.get(`${API}/projects/P/recipes/x`, () => dssError(403, 'com.dataiku.dip.exceptions.UnauthorizedException', 'forbidden')));
    const error = await failure(sync().fetch('recipe.P.x'));
    expect(DssApiError.isInstance(error) && error.status).toBe(403);
    server.use(http.get(`${API}/projects/P/recipes/y`, () => HttpResponse.json({ recipe: { name: 'y' } })));
    expect((await failure(sync().fetch('recipe.P.y'))).message).toBe('GET /public/api/projects/P/recipes/y: expected "recipe.type" to be a string, got nothing');
  });

  it('rejects malformed ids and other types', async () => {
    for (const id of ['dataset.P.x', 'recipe.P', 'recipe.P.a.b', 'recipe..x']) {
      expect(hasErrorCode(await failure(sync().fetch(id)), 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('redacts secrets inside a parsed payload and keeps drift visible', async () => {
    server.use(...fakeDss({ P: { recipes: { join_orders: joinRecipe('hunter2') } } }));
    const first = await sync().fetch('recipe.P.join_orders');
    expect(JSON.stringify(first.toJSON())).not.toContain('hunter2');
    const marker = (first.attributes.payload as { engineParams: { hive: { password: unknown } } }).engineParams.hive.password;
    expect(isRedactionMarker(marker)).toBe(true);
    server.use(...fakeDss({ P: { recipes: { join_orders: joinRecipe('other') } } }));
    const second = await sync().fetch('recipe.P.join_orders');
    expect((second.attributes.payload as { engineParams: { hive: { password: unknown } } }).engineParams.hive.password).not.toBe(marker);
  });

  it('keeps prototype keys from DSS as harmless data, in the payload too', async () => {
    server.use(
      http.get(`${API}/projects/P/recipes/evil`, () =>
        HttpResponse.json({
          recipe: { name: 'evil', type: 'grouping', params: JSON.parse('{"__proto__": {"polluted": true}}') as unknown },
          payload: '{"__proto__": {"polluted": true}, "keys": []}',
        }),
      ),
    );
    const resource = await sync().fetch('recipe.P.evil');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(resource.attributes.payload as object, '__proto__')).toBe(true);
    expect(JSON.stringify(resource.attributes.payload)).toBe('{"__proto__":{"polluted":true},"keys":[]}');
    expect(resource.hasValidChecksum()).toBe(true);
  });
});

describe('RecipeSync.listAll', () => {
  it('returns every recipe of the project, sorted by id, with payloads', async () => {
    server.use(...fakeDss({ P: { recipes: { prepare_orders: shakerRecipe(), compute_orders_prepared: pythonRecipe() } } }));
    const resources = await sync().listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['recipe.P.compute_orders_prepared', 'recipe.P.prepare_orders']);
    expect(typeof resources[0]?.attributes.payload).toBe('string');
    expect(typeof resources[1]?.attributes.payload).toBe('object');
  });

  it('requires a project key', async () => {
    for (const key of [undefined, '']) {
      const error = await failure(sync().listAll(key));
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
      expect(error.message).toBe('listing recipes requires a project key');
    }
  });

  it('skips a recipe deleted after listing, with a warning', async () => {
    const warnings: string[] = [];
    server.use(
      http.get(`${API}/projects/P/recipes/`, () => HttpResponse.json([{ name: 'kept' }, { name: 'gone' }])),
      ...fakeDss({ P: { recipes: { kept: pythonRecipe('kept') } } }),
    );
    const resources = await sync({ onWarning: (message) => warnings.push(message) }).listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['recipe.P.kept']);
    expect(warnings).toEqual(['recipe.P.gone was listed but no longer exists in DSS (deleted meanwhile?); skipped']);
  });

  it('fails as a whole when one recipe answers 500', async () => {
    server.use(
      http.get(`${API}/projects/P/recipes/broken`, () => dssError(500, 'com.dataiku.dip.exceptions.DSSInternalErrorException', 'boom')),
      ...fakeDss({ P: { recipes: { a: pythonRecipe('a'), broken: pythonRecipe('broken') } } }),
    );
    const error = await failure(sync().listAll('P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    expect(KEY_FORMS.some((form) => JSON.stringify(error).includes(form))).toBe(false);
  });

  it('reports a missing project as not found', async () => {
    server.use(...fakeDss({}));
    expect(await failure(sync().listAll('NOPE'))).toMatchObject({ code: 'RESOURCE_NOT_FOUND', resourceId: 'project.NOPE' });
  });
});
