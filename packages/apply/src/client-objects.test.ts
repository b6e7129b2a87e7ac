import { DssClient } from '@dataiku-iac/dss-client';
import type { ResourceType } from '@dataiku-iac/models';
import { ProjectSync, type ResourceSync } from '@dataiku-iac/sync-project';
import { DatasetSync } from '@dataiku-iac/sync-dataset';
import { RecipeSync } from '@dataiku-iac/sync-recipe';
import { API_KEY, DSS_HOST, rejectionOf, useEmulatedDss } from '@dataiku-iac/test-utils';
import { describe, expect, it } from 'vitest';
import { createClientObjects } from './client-objects.js';
import type { DssObject } from './dss-objects.js';

const dss = useEmulatedDss();

function objects(owner?: string) {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retries: 0 });
  const options = { client };
  const syncs = new Map<ResourceType, ResourceSync>([
    ['project', new ProjectSync(options)],
    ['dataset', new DatasetSync(options)],
    ['recipe', new RecipeSync(options)],
  ]);
  return createClientObjects({ client, syncs, ...(owner === undefined ? {} : { owner }) });
}

async function read(id: string): Promise<DssObject> {
  const object = await objects().read(id);
  if (object === undefined) throw new Error(`${id} is missing`);
  return object;
}

describe('createClientObjects', () => {
  it('creates a project owned by the API key’s user, then updates only the declared metadata and settings', async () => {
    dss.seed([]);
    await objects().create('project.P', { projectKey: 'P', name: 'Pee', description: 'd', tags: ['b', 'a'] });
    expect(dss.emulator.store.getProjectInfo('P').owner).toBe('admin');
    expect(dss.emulator.store.getProjectMetadata('P')).toMatchObject({ label: 'Pee', description: 'd', tags: ['a', 'b'] });
    dss.emulator.store.putProjectMetadata('P', { ...dss.emulator.store.getProjectMetadata('P'), custom: { kv: { team: 'BI' } } });
    await objects().update('project.P', await read('project.P'), { shortDesc: 'short', settings: { container: { containerMode: 'EXPLICIT_CONTAINER' } } });
    expect(dss.emulator.store.getProjectMetadata('P')).toMatchObject({ label: 'Pee', shortDesc: 'short', custom: { kv: { team: 'BI' } } });
    expect(dss.emulator.store.getProjectSettings('P')).toMatchObject({ settings: { container: { containerMode: 'EXPLICIT_CONTAINER' }, codeEnvs: expect.any(Object) as unknown } });
    await objects('alice').create('project.Q', { projectKey: 'Q' });
    expect(dss.emulator.store.getProjectInfo('Q')).toMatchObject({ owner: 'alice', metadata: { label: 'Q' } });
    await objects().update('project.Q', await read('project.Q'), { projectKey: 'Q' });
    expect(dss.emulator.stats.writes('project.Q').updates).toBe(0);
  });

  it('creates and updates recipes: code through script, a visual payload as JSON text, only declared keys', async () => {
    dss.seed([{ projectKey: 'P', datasets: [{ name: 'in', type: 'Filesystem', params: { connection: 'filesystem_managed' } }, { name: 'out', type: 'Filesystem', params: { connection: 'filesystem_managed' } }] }]);
    const roles = { inputs: { main: { items: [{ ref: 'in' }] } }, outputs: { main: { items: [{ ref: 'out' }] } } };
    await objects().create('recipe.P.code', { name: 'code', type: 'python', ...roles, payload: 'print(1)\n' });
    expect(dss.emulator.store.getRecipe('P', 'code').payload).toBe('print(1)\n');
    await objects().update('recipe.P.code', await read('recipe.P.code'), { payload: 'print(2)\n', tags: ['t'] });
    expect(dss.emulator.store.getRecipe('P', 'code')).toMatchObject({ payload: 'print(2)\n', recipe: { tags: ['t'], type: 'python', params: { envSelection: { envMode: 'INHERIT' } } } });
    await objects().create('recipe.P.group', { name: 'group', type: 'grouping', ...roles, payload: { keys: [{ column: 'country' }], values: [] } });
    const current = await read('recipe.P.group');
    await objects().update('recipe.P.group', current, { payload: { keys: [{ column: 'country' }], values: [], globalCount: true } });
    expect(JSON.parse(dss.emulator.store.getRecipe('P', 'group').payload as string)).toEqual({ keys: [{ column: 'country' }], values: [], globalCount: true });
    await objects().update('recipe.P.group', await read('recipe.P.group'), { params: { engineType: 'DSS' } });
    expect(JSON.parse(dss.emulator.store.getRecipe('P', 'group').payload as string)).toMatchObject({ globalCount: true });
  });

  it('deletes without dropping data, and takes an object already gone as deleted', async () => {
    dss.seed([{ projectKey: 'P', datasets: [{ name: 'd', type: 'Filesystem', params: { connection: 'filesystem_managed' } }] }, { projectKey: 'Q' }]);
    await objects().delete('dataset.P.d');
    expect(dss.emulator.store.hasDataset('P', 'd')).toBe(false);
    await objects().delete('dataset.P.d');
    await objects().delete('recipe.P.none');
    await objects().delete('project.Q');
    expect(dss.emulator.store.hasProject('Q')).toBe(false);
    const deletes = dss.emulator.stats.snapshot().byRoute;
    expect(Object.keys(deletes).some((route) => route.startsWith('DELETE'))).toBe(true);
  });

  it('passes failures through, and refuses types it cannot write', async () => {
    dss.seed([{ projectKey: 'P' }]);
    const error = await rejectionOf(objects().create('dataset.P.d', { name: 'd', type: 'Filesystem', params: { connection: 'nope' } }));
    expect(error.message).toMatch(/Connection 'nope' does not exist/);
    expect((await rejectionOf(objects().create('scenario.P.s', {}))).message).toBe('scenario resources cannot be created');
    expect((await rejectionOf(objects().read('model.P.m'))).message).toBe('no sync for model resources');
    dss.emulator.faults.add({ type: 'status', status: 500, method: 'DELETE' });
    expect((await rejectionOf(objects().delete('project.P'))).message).toMatch(/failed with 500/);
  });
});
