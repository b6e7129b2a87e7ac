import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { computeChecksum, hasErrorCode, ResourceNotFoundError } from '@dataiku-iac/models';
import { DssApiError, DssClient } from '@dataiku-iac/dss-client';
import type { RecipeDocument } from '@dataiku-iac/dss-emulator';
import { isRedactionMarker, type SyncOptions } from '@dataiku-iac/sync-project';
import { API, API_KEY, DSS_HOST, KEY_FORMS, pythonRecipe, rejectionOf, useEmulatedDss } from '@dataiku-iac/test-utils';
import { RecipeSync } from './recipe-sync.js';

const dss = useEmulatedDss();

const NOW = '2026-11-22T10:00:00.000+00:00';

function sync(options: Partial<SyncOptions> = {}): RecipeSync {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retries: 0 });
  return new RecipeSync({ client, now: () => NOW, ...options });
}

/** Project P with these recipes. */
function seedRecipes(...recipes: RecipeDocument[]): void {
  dss.seed([{ projectKey: 'P', recipes }]);
}

const PYTHON_CODE = 'import dataiku\ndf = dataiku.Dataset("orders_raw").get_dataframe()\n';

/** A prepare (shaker) recipe: its payload is JSON text. */
function shakerRecipe(renameTo = 'client'): RecipeDocument {
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
function joinRecipe(secret: string): RecipeDocument {
  return {
    recipe: { name: 'join_orders', type: 'join', inputs: {}, outputs: {} },
    payload: JSON.stringify({ virtualInputs: [{ index: 0 }], joins: [], engineParams: { hive: { password: secret } } }),
  };
}

describe('RecipeSync.fetch', () => {
  it('reads a code recipe with its code as the payload', async () => {
    dss.seed([{ projectKey: 'SALES_ANALYTICS', recipes: [pythonRecipe()] }]);
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

  it('reads a recipe created through the API, with the payload DSS made of the script', async () => {
    dss.seed([{ projectKey: 'P', datasets: [{ name: 'orders_raw', type: 'S3' }, { name: 'orders_prepared', type: 'S3' }] }]);
    const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retries: 0 });
    const { recipe } = pythonRecipe();
    const name = await client.createRecipe('P', { type: 'python', name: 'compute', inputs: recipe.inputs ?? {}, outputs: recipe.outputs ?? {} }, { script: PYTHON_CODE });
    const resource = await sync().fetch(`recipe.P.${name}`);
    expect(resource.attributes).toMatchObject({ type: 'python', payload: PYTHON_CODE, params: { envSelection: { envMode: 'INHERIT' } } });
    expect(dss.emulator.stats.writes('recipe.P.compute')).toEqual({ creates: 1, updates: 0, deletes: 0 });
  });

  it('parses a visual recipe payload so a change points inside it', async () => {
    seedRecipes(shakerRecipe());
    const before = await sync().fetch('recipe.P.prepare_orders');
    const payload = before.attributes.payload as { steps: { type: string; params: { renamings: { to: string }[] } }[] };
    expect(payload.steps[0]?.type).toBe('ColumnRenamer');
    expect(payload.steps[0]?.params.renamings[0]?.to).toBe('client');
    dss.emulator.store.putRecipe('P', 'prepare_orders', shakerRecipe('buyer'));
    const after = await sync().fetch('recipe.P.prepare_orders');
    const changed = after.attributes.payload as typeof payload;
    expect(changed.steps[0]?.params.renamings[0]?.to).toBe('buyer');
    expect({ ...after.attributes, payload: null }).toEqual({ ...before.attributes, payload: null });
  });

  it('has no payload attribute when the recipe has none or an empty one', async () => {
    const bare = { name: 'bare', type: 'sync', inputs: {}, outputs: {}, params: {}, tags: [] };
    seedRecipes({ recipe: { name: 'bare', type: 'sync' } });
    const absent = await sync().fetch('recipe.P.bare');
    expect(absent.attributes).toEqual(bare);
    expect(Object.hasOwn(absent.attributes, 'payload')).toBe(false);
    dss.emulator.store.putRecipe('P', 'bare', { recipe: { name: 'bare', type: 'sync' }, payload: '' });
    expect((await sync().fetch('recipe.P.bare')).attributes).toEqual(bare);
  });

  it('takes the defaults of their kind for absent and null fields', async () => {
    // DSS never omits these nor sends nulls; a client must cope all the same. An exact response, then.
    const bare = { name: 'bare', type: 'sync', inputs: {}, outputs: {}, params: {}, tags: [] };
    const nulls = { recipe: { name: 'bare', type: 'sync', inputs: null, outputs: null, params: null, tags: null }, payload: null };
    dss.server.use(http.get(`${API}/projects/P/recipes/bare`, () => HttpResponse.json(nulls)));
    expect((await sync().fetch('recipe.P.bare')).attributes).toEqual(bare);
  });

  it('is not fooled by bookkeeping: a save without a change gives the same checksum', async () => {
    seedRecipes(pythonRecipe('r'));
    const before = await sync().fetch('recipe.P.r');
    dss.emulator.store.putRecipe('P', 'r', dss.emulator.store.getRecipe('P', 'r'));
    const after = await sync().fetch('recipe.P.r');
    expect(dss.emulator.store.getRecipe('P', 'r').recipe.versionTag).toMatchObject({ versionNumber: 3 });
    expect(after.attributes).toEqual(before.attributes);
    expect(after.metadata.checksum).toBe(before.metadata.checksum);
  });

  it('raises ResourceNotFoundError for a recipe DSS does not know', async () => {
    seedRecipes();
    const error = await rejectionOf(sync().fetch('recipe.P.missing'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toBe('recipe.P.missing does not exist in DSS');
  });

  it('read gives the whole {recipe, payload} document with the resource, and undefined for a recipe DSS does not know', async () => {
    seedRecipes(pythonRecipe('x'));
    const read = await sync().read('recipe.P.x');
    expect(read?.resource.attributes.type).toBe('python');
    expect(read?.document).toMatchObject({ recipe: { name: 'x', type: 'python' }, payload: expect.stringContaining('import dataiku') as unknown });
    expect(await sync().read('recipe.P.missing')).toBeUndefined();
  });

  it('passes other failures through unchanged', async () => {
    seedRecipes(pythonRecipe('x'));
    dss.emulator.faults.add({ type: 'status', status: 403, message: 'forbidden', path: '/projects/P/recipes/x' });
    const error = await rejectionOf(sync().fetch('recipe.P.x'));
    expect(DssApiError.isInstance(error) && error.status).toBe(403);
    dss.emulator.faults.add({ type: 'unexpected-shape', body: { recipe: { name: 'y' } }, path: '/projects/P/recipes/y' });
    expect((await rejectionOf(sync().fetch('recipe.P.y'))).message).toBe('GET /public/api/projects/P/recipes/y: expected "recipe.type" to be a string, got nothing');
  });

  it('rejects malformed ids and other types', async () => {
    for (const id of ['dataset.P.x', 'recipe.P', 'recipe.P.a.b', 'recipe..x']) {
      expect(hasErrorCode(await rejectionOf(sync().fetch(id)), 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('redacts secrets inside a parsed payload and keeps drift visible', async () => {
    seedRecipes(joinRecipe('hunter2'));
    const first = await sync().fetch('recipe.P.join_orders');
    expect(JSON.stringify(first.toJSON())).not.toContain('hunter2');
    const marker = (first.attributes.payload as { engineParams: { hive: { password: unknown } } }).engineParams.hive.password;
    expect(isRedactionMarker(marker)).toBe(true);
    dss.emulator.store.putRecipe('P', 'join_orders', joinRecipe('other'));
    const second = await sync().fetch('recipe.P.join_orders');
    expect((second.attributes.payload as { engineParams: { hive: { password: unknown } } }).engineParams.hive.password).not.toBe(marker);
  });

  it('keeps prototype keys from DSS as harmless data, in the payload too', async () => {
    // JSON with __proto__ keys: an exact response.
    dss.server.use(
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
    seedRecipes(shakerRecipe(), pythonRecipe());
    const resources = await sync().listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['recipe.P.compute_orders_prepared', 'recipe.P.prepare_orders']);
    expect(typeof resources[0]?.attributes.payload).toBe('string');
    expect(typeof resources[1]?.attributes.payload).toBe('object');
  });

  it('requires a project key', async () => {
    for (const key of [undefined, '']) {
      const error = await rejectionOf(sync().listAll(key));
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
      expect(error.message).toBe('listing recipes requires a project key');
    }
  });

  it('skips a recipe deleted after listing, with a warning', async () => {
    seedRecipes(pythonRecipe('kept'), pythonRecipe('gone'));
    dss.emulator.faults.add({ type: 'status', status: 404, path: '/projects/P/recipes/gone' });
    const warnings: string[] = [];
    const resources = await sync({ onWarning: (message) => warnings.push(message) }).listAll('P');
    expect(resources.map((resource) => resource.resourceId)).toEqual(['recipe.P.kept']);
    expect(warnings).toEqual(['recipe.P.gone was listed but no longer exists in DSS (deleted meanwhile?); skipped']);
  });

  it('fails as a whole when one recipe answers 500', async () => {
    seedRecipes(pythonRecipe('a'), pythonRecipe('broken'));
    dss.emulator.faults.add({ type: 'status', status: 500, message: 'boom', path: '/projects/P/recipes/broken' });
    const error = await rejectionOf(sync().listAll('P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    expect(KEY_FORMS.some((form) => JSON.stringify(error).includes(form))).toBe(false);
  });

  it.each(['not-found', 'unauthorized'] as const)('reports a project DSS does not have as not found (DSS answers %s)', async (mode) => {
    seedRecipes();
    dss.emulator.unknownProjects = mode;
    expect(await rejectionOf(sync().listAll('NOPE'))).toMatchObject({ code: 'RESOURCE_NOT_FOUND', resourceId: 'project.NOPE' });
  });

  it('passes a refusal to list the recipes of a listed project through', async () => {
    seedRecipes(pythonRecipe('a'));
    dss.emulator.faults.add({ type: 'status', status: 401, errorType: 'com.dataiku.dip.exceptions.UnauthorizedException', path: '/projects/P/recipes/' });
    const error = await rejectionOf(sync().listAll('P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(401);
  });
});
