import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { hasErrorCode, Resource, State } from '@dataiku-iac/models';
import { DssClient } from '@dataiku-iac/dss-client';
import { fakeDss, notFound } from '@dataiku-iac/test-utils';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, API_KEY, DSS_HOST, dssError, useFakeDss } from './__fixtures__/dss.js';
import { UnconfirmedRemovalError } from './errors/unconfirmed-removal-error.js';
import { StateManager } from './state-manager.js';

const dss = useFakeDss();

function manager(warnings: string[] = []): StateManager {
  const backend = new LocalFileBackend({ environment: 'dev', baseDirectory: dss.directory });
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1 });
  return new StateManager({ backend, client, environment: 'dev', deployedBy: 'tester', onWarning: (message) => warnings.push(message) });
}

async function rejection(action: Promise<unknown>): Promise<unknown> {
  return action.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('StateManager basics (spec section 9)', () => {
  it('loadState returns an empty state when there is none, and the saved one otherwise', async () => {
    const subject = manager();
    const empty = await subject.loadState();
    expect(empty.size).toBe(0);
    expect(empty.environment).toBe('dev');
    const state = await subject.syncProject('SALES');
    await subject.saveState(state);
    expect((await subject.loadState()).size).toBe(state.size);
  });

  it('saveState persists under the manager environment', async () => {
    const subject = manager();
    const state = new State({ environment: 'other', resources: [new Resource({ resourceId: 'project.X', attributes: {} })] });
    const result = await subject.saveState(state);
    expect(result.location).toBe(join(dss.directory, '.dataiku', 'state', 'dev.state.json'));
    expect(JSON.parse(await readFile(result.location, 'utf8'))).toMatchObject({ environment: 'dev', serial: 1 });
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
    expect((error as Error).message).toBe('project.NOPE does not exist in DSS');
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
    dss.projects.NEW = { metadata: { label: 'New' }, settings: {} };
    const second = await subject.refresh(first.state);
    expect(second.projectKeys).toEqual(['MARKETING', 'SALES']);
    const all = await subject.refresh(first.state, { all: true });
    expect(all.projectKeys).toEqual(['MARKETING', 'NEW', 'SALES']);
  });

  it('replaces only the projects in scope and keeps deployed_at of unchanged resources', async () => {
    const subject = manager();
    const { state: base } = await subject.refresh(new State());
    const sales = dss.projects.SALES!;
    sales.datasets = { ...sales.datasets, orders: { ...(sales.datasets!.orders as object), formatParams: { separator: ';' } } };
    (dss.projects.MARKETING!.metadata as { label: string }).label = 'Renamed';
    const { state } = await subject.refresh(base, { projects: ['SALES'] });
    expect(state.getResource('dataset.SALES.orders')?.attributes.formatParams).toEqual({ separator: ';' });
    expect(state.getResource('dataset.SALES.orders_prepared')).toBe(base.getResource('dataset.SALES.orders_prepared'));
    expect(state.getResource('project.MARKETING')?.attributes.name).toBe('Marketing');
  });

  it('removes a tracked project that DSS no longer has', async () => {
    const subject = manager();
    const { state: base } = await subject.refresh(new State());
    Reflect.deleteProperty(dss.projects, 'MARKETING');
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
    dss.server.resetHandlers(http.get(`${API}/projects/MARKETING/metadata`, () => notFound('Project MARKETING')), ...fakeDss(dss.projects));
    const listed = await rejection(subject.refresh(base, { projects: ['MARKETING'] }));
    expect((listed as UnconfirmedRemovalError).code).toBe('DSS_RESPONSE_INVALID');
    expect((listed as Error).message).toBe('DSS lists project MARKETING but answers "not found" when reading it; refusing to remove it from the state');
    dss.server.resetHandlers(http.get(`${API}/projects/`, () => HttpResponse.error()), http.get(`${API}/projects/MARKETING/metadata`, () => notFound('Project MARKETING')), ...fakeDss(dss.projects));
    const unreachable = await rejection(manager().refresh(base, { projects: ['MARKETING'] }));
    expect((unreachable as Error).message).toMatch(/^cannot reach https:\/\/dss\.test: .*; refusing to remove project MARKETING from the state: DSS answered "not found" for it/);
  });

  it('refuses a named project that neither DSS nor the state has', async () => {
    const error = await rejection(manager().refresh(new State(), { projects: ['NOPE', 'SALES'] }));
    expect((error as Error).message).toBe('project.NOPE does not exist in DSS');
    await expect(manager().refresh(new State(), { projects: ['bad key'] })).rejects.toThrow('invalid resource id');
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
    dss.server.resetHandlers(http.get(`${API}/projects/:key/metadata`, () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', 'Unknown API Key')), ...fakeDss(dss.projects));
    const base = new State({ resources: [new Resource({ resourceId: 'project.SALES', attributes: {} })] });
    const unauthorized = await rejection(manager().refresh(base));
    expect(hasErrorCode(unauthorized, 'DSS_HTTP')).toBe(true);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(manager().refresh(new State(), {}, controller.signal)).rejects.toThrow('stop');
  });

  it('never writes: refresh returns a new state and leaves the file alone', async () => {
    const subject = manager();
    const base = await subject.syncAll();
    await subject.saveState(base);
    const before = await stat(join(dss.directory, '.dataiku', 'state', 'dev.state.json'));
    await subject.refresh(await subject.loadState());
    expect((await stat(join(dss.directory, '.dataiku', 'state', 'dev.state.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('a sync that finds nothing changed writes nothing', async () => {
    const subject = manager();
    await subject.saveState((await subject.refresh(new State())).state);
    const file = join(dss.directory, '.dataiku', 'state', 'dev.state.json');
    const bytes = await readFile(file);
    const again = await subject.refresh(await subject.loadState());
    expect(await subject.saveState(again.state)).toMatchObject({ written: false, serial: 1 });
    expect(await readFile(file)).toEqual(bytes);
  });
});

describe('StateManager.refresh while the state loads', () => {
  /** A base state that resolves only when `release` is called, and the DSS paths requested so far. */
  function pendingBase(base: State): { loading: Promise<State>; release: () => void; requested: string[] } {
    const requested: string[] = [];
    dss.server.events.on('request:start', ({ request }) => requested.push(new URL(request.url).pathname));
    let release = (): void => undefined;
    const loading = new Promise<State>((resolve) => {
      release = () => {
        resolve(base);
      };
    });
    return { loading, release, requested };
  }

  it('reads the named projects, or with all every project, before the state has loaded', async () => {
    const subject = manager();
    const { state: saved } = await subject.refresh(new State(), { projects: ['SALES'] });
    for (const scope of [{ projects: ['SALES'] }, { all: true }]) {
      const { loading, release, requested } = pendingBase(saved);
      const refreshing = subject.refresh(loading, scope);
      await expect.poll(() => requested).toContain('/public/api/projects/SALES/datasets/orders');
      release();
      const { state } = await refreshing;
      expect(state.getResource('dataset.SALES.orders')).toBeDefined();
      expect(state.getResource('dataset.SALES.orders')?.metadata.deployedAt).toBe(saved.getResource('dataset.SALES.orders')?.metadata.deployedAt);
      dss.server.events.removeAllListeners();
    }
  });

  it('waits for the state before reading when the scope comes from it', async () => {
    const subject = manager();
    const { state: saved } = await subject.refresh(new State(), { projects: ['SALES'] });
    const { loading, release, requested } = pendingBase(saved);
    const refreshing = subject.refresh(loading);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requested).toEqual([]);
    release();
    expect((await refreshing).projectKeys).toEqual(['SALES']);
    dss.server.events.removeAllListeners();
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
    dss.server.use(http.get(`${API}/projects/:key/recipes/`, async () => {
      await delay('infinite');
      return undefined;
    }));
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
