import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { StateManager } from '@dataiku-iac/manager';
import type { JsonObject } from '@dataiku-iac/models';
import { isRedactionMarker } from '@dataiku-iac/sync-project';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_DSS, openTarget, type Target } from './target.js';
import { runCli, useWorkDirectory } from './run-cli.js';

interface StateFile {
  serial: number;
  resources: Record<string, { resource_type: string; attributes: JsonObject; metadata: { checksum: string } }>;
}

const work = useWorkDirectory();
let target: Target;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

const stateFile = () => join(work.path, '.dataiku', 'state', 'dev.state.json');
const readState = async (file = stateFile()) => JSON.parse(await readFile(file, 'utf8')) as StateFile;

describe('dataiku-iac sync against DSS', () => {
  it('records the project with its datasets and recipes, as DSS serves them', async () => {
    const result = await runCli(work.path, target, ['sync', '--project', target.projectKey]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const state = await readState();
    const key = target.projectKey;
    const project = state.resources[`project.${key}`];
    expect(project?.attributes.name).toBe((await target.client.getProjectMetadata(key)).label ?? '');
    const datasets = await target.client.listDatasetNames(key);
    const recipes = await target.client.listRecipeNames(key);
    expect(datasets.length).toBeGreaterThan(0);
    expect(recipes.length).toBeGreaterThan(0);
    for (const name of datasets) {
      const definition = await target.client.getDataset(key, name);
      const attributes = state.resources[`dataset.${key}.${name}`]?.attributes;
      expect(attributes?.type).toBe(definition.type);
      if (!JSON.stringify(attributes?.formatParams ?? {}).includes('redacted:')) expect(attributes?.formatParams).toEqual(definition.formatParams ?? {});
    }
    for (const name of recipes) {
      const { recipe, payload } = await target.client.getRecipe(key, name);
      const attributes = state.resources[`recipe.${key}.${name}`]?.attributes;
      expect(attributes?.type).toBe(recipe.type);
      if (typeof payload === 'string' && payload !== '') {
        const expected: unknown = typeof attributes?.payload === 'string' ? payload : JSON.parse(payload);
        expect(attributes?.payload).toEqual(expected);
      }
    }
  });

  it.skipIf(REAL_DSS)('matches the emulator store exactly, and never writes credential values', async () => {
    await runCli(work.path, target, ['sync', '--project', 'CUSTOMER_ANALYTICS']);
    const text = await readFile(stateFile(), 'utf8');
    const state = JSON.parse(text) as StateFile;
    const store = target.server!.emulator.store;
    expect(state.resources['project.CUSTOMER_ANALYTICS']?.attributes.name).toBe(store.getProjectMetadata('CUSTOMER_ANALYTICS').label);
    expect(state.resources['dataset.CUSTOMER_ANALYTICS.customers_prepared']?.attributes.formatParams).toEqual(store.getDataset('CUSTOMER_ANALYTICS', 'customers_prepared').formatParams);
    const python = store.getRecipe('CUSTOMER_ANALYTICS', 'compute_customers_prepared');
    expect(state.resources['recipe.CUSTOMER_ANALYTICS.compute_customers_prepared']?.attributes.payload).toBe(python.payload);
    const grouping = store.getRecipe('CUSTOMER_ANALYTICS', 'group_customers_by_country');
    expect(state.resources['recipe.CUSTOMER_ANALYTICS.group_customers_by_country']?.attributes.payload).toEqual(JSON.parse(grouping.payload as string));
    const api = store.getDataset('CUSTOMER_ANALYTICS', 'crm_contacts_api');
    const secrets = JSON.stringify(api).match(/"(?:password|apiKey)":"([^"]+)"/g) ?? [];
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret.split('":"')[1]?.slice(0, -1));
    const params = state.resources['dataset.CUSTOMER_ANALYTICS.crm_contacts_api']?.attributes.params as { customConfig: Record<string, unknown> };
    expect(isRedactionMarker(params.customConfig.password)).toBe(true);
  });

  it('changes nothing on a second sync: same bytes, same serial', async () => {
    await runCli(work.path, target, ['sync', '--project', target.projectKey]);
    const before = await readFile(stateFile());
    const second = await runCli(work.path, target, ['sync']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes:');
    expect(await readFile(stateFile())).toEqual(before);
  });

  it.skipIf(REAL_DSS)('syncs several projects, and keeps the others when syncing one', async () => {
    expect((await runCli(work.path, target, ['sync', '--all'])).code).toBe(0);
    const all = await readState();
    const projects = Object.values(all.resources).filter((resource) => resource.resource_type === 'project');
    expect(projects).toHaveLength(3);
    const store = target.server!.emulator.store;
    store.putProjectMetadata('SALES_REPORTING', { ...store.getProjectMetadata('SALES_REPORTING'), label: 'Sales (renamed)' });
    await runCli(work.path, target, ['sync', '--project', 'CUSTOMER_ANALYTICS', '--project', 'sandbox_lab']);
    expect((await readState()).resources['project.SALES_REPORTING']?.attributes.name).not.toBe('Sales (renamed)');
    await runCli(work.path, target, ['sync']);
    expect((await readState()).resources['project.SALES_REPORTING']?.attributes.name).toBe('Sales (renamed)');
  });

  it('saves and reloads a state through the library (spec demo steps)', async () => {
    const backend = new LocalFileBackend({ environment: 'test', baseDirectory: work.path });
    const manager = new StateManager({ backend, dss: target.client, environment: 'test' });
    const state = await manager.syncProject(target.projectKey, true);
    const saved = await manager.saveState(state);
    const loaded = await manager.loadState();
    expect(loaded.serial).toBe(saved.serial);
    expect(loaded.listResources()).toEqual(state.listResources());
    expect(loaded.listResources('dataset').length).toBeGreaterThan(0);
    expect(loaded.listResources('recipe').length).toBeGreaterThan(0);
  });
});
