import { describe, expect, it } from 'vitest';
import { replyResponse } from './helpers.js';
import { createEmulator, DEFAULT_API_KEY } from '../src/create-emulator.js';
import { DssError } from '../src/dss-error.js';
import { demoInstance } from '../src/fixtures/demo-instance.js';
import type { EmulatorSeed } from '../src/create-emulator.js';
import { DssStore } from '../src/store/dss-store.js';

function expectDssError(action: () => unknown, status: number, message: string): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(DssError.isInstance(thrown)).toBe(true);
  expect(thrown).toMatchObject({ status, message });
}

describe('DssStore', () => {
  it('copies documents on the way in and out', () => {
    const store = new DssStore({ clock: () => 5 });
    const definition = { name: 'd', type: 'Filesystem', tags: ['a'] };
    store.createProject({ projectKey: 'P', datasets: [definition] });
    definition.tags.push('mutated-in');
    const read = store.getDataset('P', 'd');
    (read.tags as string[]).push('mutated-out');
    expect(store.getDataset('P', 'd').tags).toEqual(['a']);

    const metadata = store.getProjectMetadata('P');
    metadata.label = 'changed';
    expect(store.getProjectMetadata('P').label).toBe('P');
    const recipe = { recipe: { name: 'r', type: 'python', tags: [] as string[] }, payload: 'x' };
    store.createRecipe('P', recipe);
    recipe.recipe.tags.push('in');
    expect(store.getRecipe('P', 'r').recipe.tags).toEqual([]);
    expect(store.listRecipes('P')).toHaveLength(1);
    expect(store.listDatasets('P')).toHaveLength(1);
  });

  it('fills project defaults and clock-based tags', () => {
    const store = new DssStore({ clock: () => 7, login: 'zoe' });
    store.createProject({ projectKey: 'P' });
    const info = store.getProjectInfo('P');
    expect(info.owner).toBe('zoe');
    expect(info.metadata).toEqual({ label: 'P', tags: [], checklists: { checklists: [] }, custom: { kv: {} } });
    expect(info.creationTag).toEqual({ versionNumber: 0, lastModifiedBy: { login: 'zoe' }, lastModifiedOn: 7 });
    expect(store.getProjectVariables('P')).toEqual({ standard: {}, local: {} });
  });

  it('bumps from version 0 when a stored document has no versionTag', () => {
    const store = new DssStore({ clock: () => 1 });
    store.createProject({ projectKey: 'P', datasets: [{ name: 'd', type: 'Inline', versionTag: null }] });
    store.putDataset('P', 'd', { type: 'Inline' });
    expect(store.getDataset('P', 'd').versionTag).toEqual({ versionNumber: 1, lastModifiedBy: { login: 'admin' }, lastModifiedOn: 1 });
  });

  it('snapshots an instance that loads into another store', () => {
    const first = new DssStore();
    first.load(demoInstance());
    const second = new DssStore();
    second.load(first.snapshot());
    expect(second.snapshot()).toEqual(first.snapshot());
    expect(second.hasDataset('SALES_REPORTING', '2024-orders')).toBe(true);
    expect(second.hasRecipe('SALES_REPORTING', 'prepare_orders')).toBe(true);
    expect(second.hasRecipe('UNKNOWN', 'x')).toBe(false);
    expect(second.hasDataset('UNKNOWN', 'x')).toBe(false);
    second.clear();
    expect(second.listProjectKeys()).toEqual([]);
  });

  it('seeds and snapshots scenarios, managed folders, permissions and tag definitions', () => {
    const seed = {
      projectKey: 'P',
      owner: 'ann',
      permissions: { permissions: [{ group: 'g', admin: true }] },
      tagDefinitions: { tags: { gold: { color: '#ffd700' } } },
      scenarios: [{ scenario: { id: 'S', name: 's', type: 'custom_python' }, script: 'print(1)' }],
      managedFolders: [{ id: 'abcd1234', name: 'files', type: 'Filesystem' }],
    };
    const store = new DssStore({ clock: () => 3 });
    store.createProject(seed);
    expect(store.getProjectPermissions('P')).toEqual({ owner: 'ann', permissions: [{ group: 'g', admin: true }] });
    expect(store.getScenarioScript('P', 'S')).toBe('print(1)');
    expect(store.hasScenario('P', 'S')).toBe(true);
    expect(store.hasScenario('Q', 'S')).toBe(false);
    expect(store.hasManagedFolder('Q', 'abcd1234')).toBe(false);
    const copy = new DssStore({ clock: () => 3 });
    copy.load(store.snapshot());
    expect(copy.snapshot()).toEqual(store.snapshot());
    expect(copy.getTagDefinitions('P')).toEqual(seed.tagDefinitions);
    expect(copy.getManagedFolder('P', 'abcd1234')).toMatchObject({ projectKey: 'P', name: 'files', versionTag: { versionNumber: 0 } });
    expect(copy.listFolderFiles('P', 'abcd1234')).toEqual([]);
  });

  it('needs an id and a type for seeded scenarios, and an id for folders', () => {
    const store = new DssStore();
    expectDssError(() => {
      store.createProject({ projectKey: 'P', scenarios: [{ scenario: { name: 's', type: 'step_based' } }] });
    }, 400, 'Missing scenario id in project P');
    expectDssError(() => {
      store.createProject({ projectKey: 'P', scenarios: [{ scenario: { id: 'S' } }] });
    }, 400, 'Missing type for scenario P.S');
    expectDssError(() => {
      store.createProject({ projectKey: 'P', managedFolders: [{ name: 'f' }] });
    }, 400, 'Missing managed folder id in project P');
  });

  it('makes up unused 8-character folder ids', () => {
    const store = new DssStore();
    store.createProject({ projectKey: 'P' });
    const ids = new Set(Array.from({ length: 50 }, () => store.newManagedFolderId('P')));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{8}$/);
  });

  it('creates nothing when a seeded project has an invalid object', () => {
    const store = new DssStore();
    expectDssError(() => {
      store.createProject({ projectKey: 'P', datasets: [{ name: 'ok', type: 'Inline' }, { name: 'bad name', type: 'Inline' }] });
    }, 400, 'Invalid dataset name "bad name": it must match [A-Za-z0-9_-]+');
    expect(store.hasProject('P')).toBe(false);
  });

  it('throws NotFound DssErrors for unknown objects', () => {
    const store = new DssStore();
    store.createProject({ projectKey: 'P' });
    expectDssError(() => store.getProjectInfo('Q'), 404, 'Project Q does not exist');
    expectDssError(() => store.getDatasetMetadata('P', 'd'), 404, 'Dataset P.d does not exist');
    expectDssError(() => {
      store.deleteRecipe('P', 'r');
    }, 404, 'Recipe P.r does not exist');
    expectDssError(() => {
      store.putRecipe('P', 'r', { recipe: { type: 'python' } });
    }, 404, 'Recipe P.r does not exist');
  });

  it('renders its errors as the DSS envelope', () => {
    const error = new DssError(404, 'x.NotFoundException', 'gone');
    expect(error.toEnvelope()).toEqual({ errorType: 'x.NotFoundException', message: 'gone', detailedMessage: 'gone' });
    expect(DssError.isInstance(new Error('gone'))).toBe(false);
  });
});

describe('createEmulator', () => {
  it('defaults to the demo seed and the default key', () => {
    const emulator = createEmulator();
    expect(emulator.apiKey).toBe(DEFAULT_API_KEY);
    expect(emulator.authorization).toBe(`Basic ${Buffer.from(`${DEFAULT_API_KEY}:`).toString('base64')}`);
    expect(emulator.store.listProjectKeys()).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab']);
    expect(emulator.dssVersion).toBe('14.3.0');
  });

  it('starts empty with the empty seed and reports its DSS version', async () => {
    const emulator = createEmulator({ seed: 'empty', dssVersion: '13.4.2', login: 'svc' });
    expect(emulator.store.listProjectKeys()).toEqual([]);
    const reply = await emulator.handle(new Request('http://h/public/api/auth/info', { headers: { Authorization: `Bearer ${emulator.apiKey}` } }));
    const response = replyResponse(reply);
    expect(response.headers.get('dss-version')).toBe('13.4.2');
    expect(await response.json()).toEqual({ authIdentifier: 'svc', associatedDSSUser: 'svc', groups: ['administrators'] });
  });

  it('answers undefined for requests outside the base paths', async () => {
    expect(await createEmulator().handle(new Request('http://h/api/projects/'))).toBeUndefined();
  });

  it('reset() restores the seed, removes faults and zeroes counters', async () => {
    const seed = demoInstance();
    const emulator = createEmulator({ seed });
    seed.projects.length = 0;
    emulator.store.deleteProject('CUSTOMER_ANALYTICS');
    emulator.faults.add({ type: 'status', status: 500 });
    await emulator.handle(new Request('http://h/public/api/projects/'));
    emulator.reset();
    expect(emulator.store.listProjectKeys()).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab']);
    expect(emulator.faults.active).toEqual([]);
    expect(emulator.stats.totalRequests).toBe(0);
  });

  it('rejects invalid options', () => {
    expect(() => createEmulator({ apiKey: '' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'emulator api key is empty' }));
    expect(() => createEmulator({ seed: 'huge' as EmulatorSeed })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: "unknown emulator seed 'huge': expected demo, empty, synthetic or an instance" }),
    );
    expect(() => createEmulator({ seed: { projects: [{ projectKey: 'A-B' }] } })).toThrow("Invalid project key 'A-B'");
  });
});
