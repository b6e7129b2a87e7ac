import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeChecksum, hasErrorCode, ResourceNotFoundError } from '@dataiku-iac/models';
import { API, API_KEY, dssError, DSS_HOST, fakeDss, KEY_FORMS, salesMetadata, salesSettings } from '@dataiku-iac/test-utils';
import { DssApiError, DssClient } from '@dataiku-iac/dss-client';
import { isRedactionMarker } from '@dataiku-iac/models';
import { ProjectSync } from './project-sync.js';
import type { SyncOptions } from './resource-sync.js';

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

function sync(options: Partial<SyncOptions> = {}): ProjectSync {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, retries: 1 });
  return new ProjectSync({ client, now: () => NOW, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const salesAttributes = {
  checklists: salesMetadata().checklists,
  description: 'Long **markdown** description',
  name: 'Sales analytics',
  projectKey: 'SALES_ANALYTICS',
  settings: (salesSettings() as { settings: unknown }).settings,
  shortDesc: 'Weekly sales KPIs',
  tags: ['finance', 'weekly'],
};

describe('ProjectSync.fetch', () => {
  it('reads display fields from metadata and technical settings from /settings', async () => {
    server.use(...fakeDss({ SALES_ANALYTICS: { metadata: salesMetadata(), settings: salesSettings() } }));
    const resource = await sync({ deployedBy: 'alice' }).fetch('project.SALES_ANALYTICS');
    expect(resource.resourceType).toBe('project');
    expect(resource.resourceId).toBe('project.SALES_ANALYTICS');
    expect(resource.attributes).toEqual(salesAttributes);
    expect(Object.keys(resource.attributes)).toEqual(['checklists', 'description', 'name', 'projectKey', 'settings', 'shortDesc', 'tags']);
    expect(resource.metadata).toEqual({ deployedAt: NOW, deployedBy: 'alice', dataikuInternalId: null, checksum: computeChecksum(resource.attributes), managed: false });
    expect(sync().resourceType).toBe('project');
  });

  it('fills absent and null fields with the defaults of their kind', async () => {
    const empty = { projectKey: 'P', name: '', description: '', shortDesc: '', tags: [], checklists: {}, settings: {} };
    server.use(...fakeDss({ P: { metadata: {}, settings: {} } }));
    expect((await sync().fetch('project.P')).attributes).toEqual(empty);
    server.use(
      ...fakeDss({
        P: { metadata: { label: null, description: null, shortDesc: null, tags: null, checklists: null }, settings: { settings: null } },
      }),
    );
    expect((await sync().fetch('project.P')).attributes).toEqual(empty);
  });

  it('ignores bookkeeping: a save without a change is not drift', async () => {
    const settings = salesSettings() as { settings: Record<string, unknown> };
    server.use(...fakeDss({ P: { metadata: { ...salesMetadata(), versionTag: { versionNumber: 1 } }, settings } }));
    const before = await sync().fetch('project.P');
    const bumped = salesSettings() as { settings: Record<string, unknown> };
    bumped.settings.versionTag = { versionNumber: 9, lastModifiedOn: 1719000000000 };
    bumped.settings.container = { containerMode: 'NONE', lastModifiedBy: { login: 'bob' }, creationTag: { versionNumber: 0 }, lastModifiedOn: 5 };
    server.use(...fakeDss({ P: { metadata: { ...salesMetadata(), versionTag: { versionNumber: 2 } }, settings: bumped } }));
    const after = await sync().fetch('project.P');
    expect(after.attributes).toEqual(before.attributes);
    expect(after.metadata.checksum).toBe(before.metadata.checksum);
  });

  it('reports a project DSS does not know as ResourceNotFoundError', async () => {
    server.use(...fakeDss({}));
    const error = await failure(sync().fetch('project.NOPE'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.message).toBe('project.NOPE does not exist in DSS');
    expect(DssApiError.isInstance(error.cause)).toBe(true);
  });

  it('treats a 404 on settings alone as not found too', async () => {
    server.use(
      http.get(`${API}/projects/P/metadata`, () => HttpResponse.json(salesMetadata())),
      http.get(`${API}/projects/P/settings`, () => dssError(404, 'x.NotFoundException', 'gone')),
    );
    expect(hasErrorCode(await failure(sync().fetch('project.P')), 'RESOURCE_NOT_FOUND')).toBe(true);
  });

  it('never reads 401, 403 or a 500 "does not exist" as not found', async () => {
    for (const [status, errorType, message] of [
      [401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', 'Unknown API Key'],
      [403, 'com.dataiku.dip.exceptions.UnauthorizedException', 'Action forbidden'],
      [500, 'com.dataiku.dip.exceptions.CodedIOException', 'Project P does not exist'],
    ] as const) {
      server.use(
        http.get(`${API}/projects/P/metadata`, () => dssError(status, errorType, message)),
        http.get(`${API}/projects/P/settings`, () => HttpResponse.json(salesSettings())),
      );
      const error = await failure(sync().fetch('project.P'));
      expect(DssApiError.isInstance(error) && error.status).toBe(status);
    }
  });

  it('rejects malformed ids and ids of another type', async () => {
    for (const id of ['dataset.P.x', 'project.P.x', 'project.', 'project.a-b', 'nonsense']) {
      expect(hasErrorCode(await failure(sync().fetch(id)), 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('stops when the caller aborts', async () => {
    server.use(...fakeDss({ P: { metadata: {}, settings: {} } }));
    const reason = new Error('stop');
    await expect(sync().fetch('project.P', AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('redacts secrets found in settings', async () => {
    const settings = salesSettings() as { settings: Record<string, unknown> };
    settings.settings.container = { containerMode: 'EXPLICIT_CONTAINER', containerConf: { registryPassword: 's3cr3t-value' } };
    server.use(...fakeDss({ P: { metadata: salesMetadata(), settings } }));
    const resource = await sync({ redactionKey: 'team-key' }).fetch('project.P');
    const text = JSON.stringify(resource.toJSON());
    expect(text).not.toContain('s3cr3t-value');
    const conf = (resource.attributes.settings as { container: { containerConf: { registryPassword: unknown } } }).container.containerConf;
    expect(isRedactionMarker(conf.registryPassword)).toBe(true);
  });

  it('keeps prototype keys from DSS as harmless data', async () => {
    server.use(
      http.get(`${API}/projects/P/metadata`, () =>
        HttpResponse.text('{"label": "x", "checklists": {"__proto__": {"polluted": true}}}', { headers: { 'content-type': 'application/json' } }),
      ),
      http.get(`${API}/projects/P/settings`, () =>
        HttpResponse.text('{"settings": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}}', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    const resource = await sync().fetch('project.P');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(resource.attributes.settings as object, '__proto__')).toBe(true);
    expect(Object.hasOwn(resource.attributes.checklists as object, '__proto__')).toBe(true);
    expect(JSON.stringify(resource.attributes.settings)).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    expect(resource.hasValidChecksum()).toBe(true);
  });
});

describe('ProjectSync.listAll', () => {
  it('returns every project, sorted by id', async () => {
    server.use(...fakeDss({ ZETA: { metadata: { label: 'Z' } }, ALPHA: { metadata: { label: 'A' } }, MID: {} }));
    const resources = await sync().listAll();
    expect(resources.map((resource) => resource.resourceId)).toEqual(['project.ALPHA', 'project.MID', 'project.ZETA']);
    expect(resources.map((resource) => resource.attributes.name)).toEqual(['A', '', 'Z']);
  });

  it('filters to one project when given a key', async () => {
    server.use(...fakeDss({ A: {}, B: {} }));
    expect((await sync().listAll('B')).map((resource) => resource.resourceId)).toEqual(['project.B']);
    expect(await sync().listAll('C')).toEqual([]);
  });

  it('leaves out a project deleted after listing, with a warning', async () => {
    const warnings: string[] = [];
    server.use(
      http.get(`${API}/projects/`, () => HttpResponse.json([{ projectKey: 'A' }, { projectKey: 'GONE' }])),
      ...fakeDss({ A: {} }),
    );
    const resources = await sync({ onWarning: (message) => warnings.push(message) }).listAll();
    expect(resources.map((resource) => resource.resourceId)).toEqual(['project.A']);
    expect(warnings).toEqual(['project.GONE was listed but no longer exists in DSS (deleted meanwhile?); skipped']);
  });

  it('fails as a whole when one project fails', async () => {
    server.use(
      http.get(`${API}/projects/B/metadata`, () => dssError(500, 'x.Boom', 'broken')),
      ...fakeDss({ A: {}, B: {}, C: {} }),
    );
    const error = await failure(sync().listAll());
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    expect(error.message).toMatch(/^GET \/public\/api\/projects\/B\/metadata failed with 500/);
    expect(KEY_FORMS.some((form) => JSON.stringify(error).includes(form))).toBe(false);
  });
});
