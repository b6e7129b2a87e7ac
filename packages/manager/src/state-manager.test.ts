import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { DssClient } from '@dataiku-iac/dss-client';
import { hasErrorCode, Resource, State } from '@dataiku-iac/models';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, API_KEY, changeDataset, DSS_HOST, dssError, useDss } from './__fixtures__/dss.js';
import { UnconfirmedRemovalError } from './errors/unconfirmed-removal-error.js';
import { StateManager } from './state-manager.js';

const dss = useDss();
const NOT_FOUND = 'com.dataiku.dip.server.controllers.NotFoundException';

function backend(): LocalFileBackend {
  return new LocalFileBackend({ environment: 'dev', baseDirectory: dss.directory });
}

function manager(warnings: string[] = [], subject = backend()): StateManager {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1 });
  return new StateManager({ backend: subject, dss: client, environment: 'dev', deployedBy: 'tester', onWarning: (message) => warnings.push(message) });
}

const stateFile = (): string => join(dss.directory, '.dataiku', 'state', 'dev.state.json');

async function rejection(action: Promise<unknown>): Promise<unknown> {
  return action.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

function setSeparator(separator: string): void {
  changeDataset(dss.emulator, 'SALES', 'orders', (definition) => ({ ...definition, formatParams: { separator } }));
}

/** The DSS paths requested from now on. */
function recordRequests(): string[] {
  const requested: string[] = [];
  dss.server.events.on('request:start', ({ request }) => requested.push(new URL(request.url).pathname));
  return requested;
}

describe('StateManager basics (spec section 9)', () => {
  it('loadState returns an empty state when there is none, and the saved one otherwise', async () => {
    const subject = manager();
    const empty = await subject.loadState();
    expect(empty.size).toBe(0);
    expect(empty.environment).toBe('dev');
    await expect(subject.readState()).rejects.toThrow(/^state file not found: /);
    const state = await subject.syncProject('SALES');
    await subject.saveState(state);
    expect((await subject.loadState()).size).toBe(state.size);
    expect((await subject.readState()).size).toBe(state.size);
  });

  it('saveState persists under the manager environment', async () => {
    const subject = manager();
    const state = new State({ environment: 'other', resources: [new Resource({ resourceId: 'project.X', attributes: {} })] });
    const result = await subject.saveState(state);
    expect(result.location).toBe(stateFile());
    expect(JSON.parse(await readFile(result.location, 'utf8'))).toMatchObject({ environment: 'dev', serial: 1 });
  });

  it('builds the DSS client only when DSS is read', async () => {
    let built = 0;
    const subject = new StateManager({
      backend: backend(),
      environment: 'dev',
      dss: () => {
        built++;
        return new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {} });
      },
    });
    await subject.loadState();
    expect(await subject.history()).toEqual([]);
    expect(built).toBe(0);
    await subject.syncProject('MARKETING');
    await subject.syncProject('SALES');
    expect(built).toBe(1);
    await subject.close();
  });

  it('syncResource delegates to the sync of the id type', async () => {
    const subject = manager();
    expect((await subject.syncResource('project.SALES')).attributes.name).toBe('Sales analytics');
    expect((await subject.syncResource('dataset.SALES.orders')).attributes.formatType).toBe('csv');
    expect((await subject.syncResource('recipe.SALES.compute_orders_prepared')).attributes.type).toBe('python');
    expect((await subject.syncResource('dataset.SALES.orders')).metadata.deployedBy).toBe('tester');
    await expect(subject.syncResource('scenario.SALES.DAILY')).rejects.toThrow('cannot sync scenario.SALES.DAILY: scenario resources are not supported yet');
    expect(hasErrorCode(await rejection(subject.syncResource('dataset.SALES.missing')), 'RESOURCE_NOT_FOUND')).toBe(true);
  });

  it('syncProject includes children by default, or only the project', async () => {
    const subject = manager();
    expect((await subject.syncProject('SALES')).resourceIds()).toEqual([
      'dataset.SALES.orders',
      'dataset.SALES.orders_prepared',
      'project.SALES',
      'recipe.SALES.compute_orders_prepared',
    ]);
    expect((await subject.syncProject('SALES', false)).resourceIds()).toEqual(['project.SALES']);
    const error = await rejection(subject.syncProject('NOPE'));
    expect(hasErrorCode(error, 'RESOURCE_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toMatch(/NOPE does not exist in DSS/);
  });

  it('syncAll handles several projects', async () => {
    const state = await manager().syncAll();
    expect(state.listResources('project').map((resource) => resource.resourceId)).toEqual(['project.MARKETING', 'project.SALES']);
    expect(state.size).toBe(6);
  });
});

describe('StateManager.refresh', () => {
  it('reads every project of DSS when the state is empty, and the tracked ones otherwise', async () => {
    const subject = manager();
    const first = await subject.refresh(new State());
    expect(first.projectKeys).toEqual(['MARKETING', 'SALES']);
    dss.emulator.store.createProject({ projectKey: 'NEW', metadata: { label: 'New' } });
    const second = await subject.refresh(first.state);
    expect(second.projectKeys).toEqual(['MARKETING', 'SALES']);
    const all = await subject.refresh(first.state, { all: true });
    expect(all.projectKeys).toEqual(['MARKETING', 'NEW', 'SALES']);
  });

  it('replaces only the projects in scope and keeps deployed_at of unchanged resources', async () => {
    const subject = manager();
    const { state: base } = await subject.refresh(new State());
    setSeparator(';');
    dss.emulator.store.putProjectMetadata('MARKETING', { label: 'Renamed' });
    const { state } = await subject.refresh(base, { projects: ['SALES'] });
    expect(state.getResource('dataset.SALES.orders')?.attributes.formatParams).toEqual({ separator: ';' });
    expect(state.getResource('dataset.SALES.orders_prepared')).toBe(base.getResource('dataset.SALES.orders_prepared'));
    expect(state.getResource('project.MARKETING')?.attributes.name).toBe('Marketing');
  });

  it('keeps the managed mark of a resource DSS changed', async () => {
    const subject = manager();
    const { state: read } = await subject.refresh(new State());
    const base = read.clone();
    const orders = base.getResource('dataset.SALES.orders') as Resource;
    base.addResource(orders.withMetadata({ managed: true }));
    setSeparator(';');
    const { state } = await subject.refresh(base);
    expect(state.getResource('dataset.SALES.orders')?.attributes.formatParams).toEqual({ separator: ';' });
    expect(state.getResource('dataset.SALES.orders')?.metadata.managed).toBe(true);
    expect(state.getResource('dataset.SALES.orders_prepared')?.metadata.managed).toBe(false);
  });

  it('removes a tracked project that DSS no longer has', async () => {
    const subject = manager();
    const { state: base } = await subject.refresh(new State());
    dss.emulator.store.deleteProject('MARKETING');
    const result = await subject.refresh(base);
    expect(result.removedProjects).toEqual(['MARKETING']);
    expect(result.state.resourceIds().some((id) => id.includes('MARKETING'))).toBe(false);
    const explicit = await subject.refresh(base, { projects: ['MARKETING'] });
    expect(explicit.removedProjects).toEqual(['MARKETING']);
  });

  it('removes a tracked project only when the project list confirms it: a 404 for everything empties nothing', async () => {
    const subject = manager();
    const { state: base } = await subject.refresh(new State());
    dss.server.use(http.get(`${API}/*`, () => new HttpResponse('<html><body>404 Not Found</body></html>', { status: 404, headers: { 'content-type': 'text/html' } })));
    const wrongHost = await rejection(subject.refresh(base));
    expect(UnconfirmedRemovalError.isInstance(wrongHost) && wrongHost.code).toBe('DSS_HTTP');
    expect((wrongHost as UnconfirmedRemovalError).projectKeys).toEqual(['MARKETING', 'SALES']);
    expect((wrongHost as Error).message).toMatch(
      /^GET \/public\/api\/projects\/ failed with 404 Not Found: .*; refusing to remove projects MARKETING, SALES from the state: DSS answered "not found" for them, but its project list, which would confirm it, cannot be read$/,
    );
    dss.server.resetHandlers();
    dss.server.use(http.get(`${API}/projects/MARKETING/metadata`, () => dssError(404, NOT_FOUND, 'Project MARKETING does not exist')));
    const listed = await rejection(subject.refresh(base, { projects: ['MARKETING'] }));
    expect((listed as UnconfirmedRemovalError).code).toBe('DSS_RESPONSE_INVALID');
    expect((listed as Error).message).toBe('DSS lists project MARKETING but answers "not found" when reading it; refusing to remove it from the state');
    dss.server.resetHandlers();
    dss.server.use(http.get(`${API}/projects/`, () => HttpResponse.error()), http.get(`${API}/projects/MARKETING/metadata`, () => dssError(404, NOT_FOUND, 'gone')));
    const unreachable = await rejection(manager().refresh(base, { projects: ['MARKETING'] }));
    expect((unreachable as Error).message).toMatch(/^cannot reach https:\/\/dss\.test: .*; refusing to remove project MARKETING from the state: DSS answered "not found" for it/);
  });

  it('refuses a named project that neither DSS nor the state has', async () => {
    const error = await rejection(manager().refresh(new State(), { projects: ['NOPE', 'SALES'] }));
    expect(hasErrorCode(error, 'RESOURCE_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toMatch(/NOPE does not exist in DSS/);
  });

  it.each(['bad key!', 'a/b', '../x', 'has.dot', ''])('refuses the invalid project key %j before reading anything', async (key) => {
    const requested = recordRequests();
    const error = await rejection(manager().refresh(new State(), { projects: [key] }));
    expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toBe(`invalid project key ${JSON.stringify(key)}: project keys are letters, digits and underscores`);
    expect(requested).toEqual([]);
  });

  it('warns about a project listed by DSS that is gone when read', async () => {
    const warnings: string[] = [];
    dss.server.use(http.get(`${API}/projects/`, () => HttpResponse.json([{ projectKey: 'GHOST' }, { projectKey: 'SALES' }])));
    const { projectKeys, state } = await manager(warnings).refresh(new State(), { all: true });
    expect(projectKeys).toEqual(['GHOST', 'SALES']);
    expect(state.resourceIds().some((id) => id.includes('GHOST'))).toBe(false);
    expect(warnings).toEqual(['project GHOST was listed by DSS but no longer exists; skipped']);
  });

  it('fails as a whole on any other error: a 500 on one dataset, a 401, an abort', async () => {
    dss.server.use(http.get(`${API}/projects/SALES/datasets/orders`, () => dssError(500, 'com.dataiku.dip.exceptions.DSSInternalErrorException', 'boom')));
    const failure = await rejection(manager().refresh(new State()));
    expect(hasErrorCode(failure, 'DSS_HTTP')).toBe(true);
    expect((failure as Error).message).toMatch(/GET \/public\/api\/projects\/SALES\/datasets\/orders failed with 500/);
    dss.server.resetHandlers();
    dss.server.use(http.get(`${API}/projects/:key/metadata`, () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', 'Unknown API Key')));
    const base = new State({ resources: [new Resource({ resourceId: 'project.SALES', attributes: {} })] });
    const unauthorized = await rejection(manager().refresh(base));
    expect(hasErrorCode(unauthorized, 'DSS_HTTP')).toBe(true);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(manager().refresh(new State(), {}, controller.signal)).rejects.toThrow('stop');
  });

  it('never writes: refresh returns a new state and leaves the file alone', async () => {
    const subject = manager();
    await subject.saveState(await subject.syncAll());
    const before = await stat(stateFile());
    await subject.refresh(await subject.loadState());
    expect((await stat(stateFile())).mtimeMs).toBe(before.mtimeMs);
  });
});

describe('StateManager.refresh while the state loads', () => {
  /** A base state that resolves only when `release` is called. */
  function pendingBase(base: State): { loading: Promise<State>; release: () => void } {
    let release = (): void => undefined;
    const loading = new Promise<State>((resolve) => {
      release = () => {
        resolve(base);
      };
    });
    return { loading, release };
  }

  it('reads the named projects, or with all every project, before the state has loaded', async () => {
    const subject = manager();
    const { state: saved } = await subject.refresh(new State(), { projects: ['SALES'] });
    for (const scope of [{ projects: ['SALES'] }, { all: true }]) {
      const requested = recordRequests();
      const { loading, release } = pendingBase(saved);
      const refreshing = subject.refresh(loading, scope);
      await expect.poll(() => requested).toContain('/public/api/projects/SALES/datasets/orders');
      release();
      const { state } = await refreshing;
      expect(state.getResource('dataset.SALES.orders')?.metadata.deployedAt).toBe(saved.getResource('dataset.SALES.orders')?.metadata.deployedAt);
      dss.server.events.removeAllListeners();
    }
  });

  it('waits for the state before reading when the scope comes from it', async () => {
    const subject = manager();
    const { state: saved } = await subject.refresh(new State(), { projects: ['SALES'] });
    const requested = recordRequests();
    const { loading, release } = pendingBase(saved);
    const refreshing = subject.refresh(loading);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requested).toEqual([]);
    release();
    expect((await refreshing).projectKeys).toEqual(['SALES']);
  });

  it('reports a state that fails to load rather than a DSS failure that came first', async () => {
    dss.server.use(http.get(`${API}/projects/`, () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', 'Unknown API Key')));
    let fail = (_error: Error): void => undefined;
    const loading = new Promise<State>((_resolve, reject) => {
      fail = reject;
    });
    const refreshing = rejection(manager().refresh(loading, { all: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    fail(new Error('state file is corrupted'));
    expect(((await refreshing) as Error).message).toBe('state file is corrupted');
  });
});

describe('StateManager.refresh cancellation', () => {
  it('aborts requests in flight when the caller aborts', async () => {
    dss.server.use(
      http.get(`${API}/projects/:key/recipes/`, async () => {
        await delay('infinite');
        return undefined;
      }),
    );
    const controller = new AbortController();
    const refreshing = manager().refresh(new State(), {}, controller.signal);
    setTimeout(() => {
      controller.abort(new Error('interrupted'));
    }, 50);
    await expect(refreshing).rejects.toThrow('interrupted');
  });

  it('stops at once when aborted while the state is still loading', async () => {
    const controller = new AbortController();
    const loading = new Promise<State>(() => undefined); // never settles
    const refreshing = manager().refresh(loading, { all: true }, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(refreshing).rejects.toThrow('interrupted');
  });
});

describe('StateManager.sync and drift', () => {
  it('sync saves under the lock; a second sync writes nothing', async () => {
    const subject = manager();
    const first = await subject.sync({});
    expect(first.saved).toMatchObject({ written: true, serial: 1, location: stateFile() });
    expect(new Set(first.diffs.map((diff) => diff.changeType))).toEqual(new Set(['added']));
    const bytes = await readFile(stateFile());
    const second = await subject.sync({});
    expect(second.saved).toMatchObject({ written: false, serial: 1 });
    expect(await readFile(stateFile())).toEqual(bytes);
    expect(await readFile(`${stateFile()}.lock`).catch(() => 'released')).toBe('released');
  });

  it('sync releases the lock when it fails, and takes none for an invalid key', async () => {
    dss.server.use(http.get(`${API}/projects/SALES/datasets/orders`, () => dssError(500, 'com.dataiku.dip.exceptions.DSSInternalErrorException', 'boom')));
    await expect(manager().sync({ projects: ['SALES'] })).rejects.toThrow(/failed with 500/);
    await expect(manager().sync({ projects: ['bad key!'] })).rejects.toThrow(/^invalid project key "bad key!"/);
    const lock = await backend().lock('test');
    await lock.release();
  });

  it('sync --force starts again from DSS over an unreadable state and keeps it aside', async () => {
    const subject = manager();
    await subject.sync({});
    await writeFile(stateFile(), '{"version": 1, "serial": ');
    await expect(subject.sync({})).rejects.toThrow(/is corrupted/);
    const warnings: string[] = [];
    const forced = await manager(warnings).sync({}, { force: true });
    expect(forced.saved.written).toBe(true);
    expect(warnings[0]).toMatch(/is corrupted: .*; forced: starting from an empty state/);
    expect((await manager().readState()).size).toBe(6);
  });

  it('sync never replaces a state of a newer format, not even forced', async () => {
    const subject = manager();
    await subject.sync({});
    const newer = (await readFile(stateFile(), 'utf8')).replace('"version": 1', '"version": 2');
    await writeFile(stateFile(), newer);
    for (const force of [false, true]) {
      const error = await rejection(manager().sync({}, { force }));
      expect(hasErrorCode(error, 'STATE_VERSION_UNSUPPORTED')).toBe(true);
    }
    expect(await readFile(stateFile(), 'utf8')).toBe(newer);
  });

  it('drift compares DSS with the saved state and needs one', async () => {
    const subject = manager();
    expect(hasErrorCode(await rejection(subject.drift({})), 'STATE_NOT_FOUND')).toBe(true);
    await subject.sync({});
    expect((await subject.drift({})).diffs.every((diff) => diff.changeType === 'unchanged')).toBe(true);
    setSeparator(';');
    const changed = (await subject.drift({ projects: ['SALES'] })).diffs.filter((diff) => diff.changeType !== 'unchanged');
    expect(changed.map((diff) => diff.resourceId)).toEqual(['dataset.SALES.orders']);
  });
});

describe('StateManager history and restore', () => {
  it('lists versions newest first and restores one as a new serial', async () => {
    const subject = manager();
    await subject.sync({});
    setSeparator(';');
    await subject.sync({});
    const versions = await subject.history();
    expect(versions.map((version) => [version.serial, version.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const restored = await subject.restore(1);
    expect(restored).toMatchObject({ written: true, serial: 3 });
    const state = await subject.readState();
    expect(state.getResource('dataset.SALES.orders')?.attributes.formatParams).not.toEqual({ separator: ';' });
    expect(hasErrorCode(await rejection(subject.restore(99)), 'STATE_NOT_FOUND')).toBe(true);
  });
});
