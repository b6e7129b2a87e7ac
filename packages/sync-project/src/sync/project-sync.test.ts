import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { computeChecksum, hasErrorCode, isRedactionMarker, ResourceNotFoundError } from '@dataiku-iac/models';
import { API, API_KEY, DSS_HOST, KEY_FORMS, rejectionOf, salesMetadata, salesSettings, useEmulatedDss } from '@dataiku-iac/test-utils';
import { DssApiError, DssClient } from '@dataiku-iac/dss-client';
import type { JsonObject } from '@dataiku-iac/dss-emulator';

import { ProjectSync } from './project-sync.js';
import type { SyncOptions } from './resource-sync.js';

const dss = useEmulatedDss();

const NOW = '2026-11-22T10:00:00.000+00:00';

function sync(options: Partial<SyncOptions> = {}): ProjectSync {
  const client = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retries: 0 });
  return new ProjectSync({ client, now: () => NOW, ...options });
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
    dss.seed([{ projectKey: 'SALES_ANALYTICS', metadata: salesMetadata(), settings: salesSettings() }]);
    const resource = await sync({ deployedBy: 'alice' }).fetch('project.SALES_ANALYTICS');
    expect(resource.resourceType).toBe('project');
    expect(resource.resourceId).toBe('project.SALES_ANALYTICS');
    expect(resource.attributes).toEqual(salesAttributes);
    expect(Object.keys(resource.attributes)).toEqual(['checklists', 'description', 'name', 'projectKey', 'settings', 'shortDesc', 'tags']);
    expect(resource.metadata).toEqual({ deployedAt: NOW, deployedBy: 'alice', dataikuInternalId: null, checksum: computeChecksum(resource.attributes), managed: false });
    expect(sync().resourceType).toBe('project');
  });

  it('fills absent fields with the defaults of their kind', async () => {
    dss.seed([{ projectKey: 'P', metadata: {}, settings: {} }]);
    const empty = { projectKey: 'P', name: '', description: '', shortDesc: '', tags: [], checklists: {}, settings: {} };
    expect((await sync().fetch('project.P')).attributes).toEqual(empty);
  });

  it('fills null fields with the same defaults', async () => {
    // DSS omits nulls; a client must cope with them all the same. An exact response, then.
    dss.server.use(
      http.get(`${API}/projects/P/metadata`, () => HttpResponse.json({ label: null, description: null, shortDesc: null, tags: null, checklists: null })),
      http.get(`${API}/projects/P/settings`, () => HttpResponse.json({ settings: null })),
    );
    const empty = { projectKey: 'P', name: '', description: '', shortDesc: '', tags: [], checklists: {}, settings: {} };
    expect((await sync().fetch('project.P')).attributes).toEqual(empty);
  });

  it('ignores bookkeeping: a save without a change is not drift', async () => {
    dss.seed([{ projectKey: 'P', metadata: salesMetadata(), settings: salesSettings() }]);
    const before = await sync().fetch('project.P');
    const bumped = salesSettings();
    bumped.settings = {
      ...(bumped.settings as JsonObject),
      versionTag: { versionNumber: 9, lastModifiedOn: 1719000000000 },
      container: { containerMode: 'NONE', lastModifiedBy: { login: 'bob' }, creationTag: { versionNumber: 0 }, lastModifiedOn: 5 },
    };
    dss.emulator.store.putProjectSettings('P', bumped);
    dss.emulator.store.putProjectMetadata('P', salesMetadata());
    const after = await sync().fetch('project.P');
    expect(after.attributes).toEqual(before.attributes);
    expect(after.metadata.checksum).toBe(before.metadata.checksum);
  });

  it('reports a 404 on settings alone as a missing project too', async () => {
    dss.seed([{ projectKey: 'P' }]);
    dss.emulator.faults.add({ type: 'status', status: 404, path: '/projects/P/settings' });
    expect(hasErrorCode(await rejectionOf(sync().fetch('project.P')), 'RESOURCE_NOT_FOUND')).toBe(true);
  });

  it('read gives the metadata and settings documents with the resource, and undefined for a project DSS does not know', async () => {
    dss.seed([{ projectKey: 'P', metadata: { label: 'Pee', tags: ['b', 'a'] } }]);
    const read = await sync().read('project.P');
    expect(read?.resource.attributes.name).toBe('Pee');
    expect(Object.keys(read?.document ?? {})).toEqual(['metadata', 'settings']);
    expect(read?.document.metadata).toMatchObject({ label: 'Pee' });
    expect(await sync().read('project.NOPE')).toBeUndefined();
  });

  it('never reads a 500 "does not exist" as not found', async () => {
    dss.seed([{ projectKey: 'P' }]);
    dss.emulator.faults.add({ type: 'status', status: 500, errorType: 'com.dataiku.dip.exceptions.CodedIOException', message: 'Project P does not exist', path: '/projects/P/metadata' });
    const error = await rejectionOf(sync().fetch('project.P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
  });

  it('rejects malformed ids and ids of another type', async () => {
    for (const id of ['dataset.P.x', 'project.P.x', 'project.', 'project.a-b', 'nonsense']) {
      expect(hasErrorCode(await rejectionOf(sync().fetch(id)), 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('stops when the caller aborts', async () => {
    dss.seed([{ projectKey: 'P' }]);
    const reason = new Error('stop');
    await expect(sync().fetch('project.P', AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('stops when the caller aborts while it checks the project list', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    dss.emulator.unknownProjects = 'unauthorized';
    dss.server.use(
      http.get(`${API}/projects/`, () => {
        controller.abort(reason);
        return HttpResponse.json([]);
      }),
    );
    await expect(sync().fetch('project.GONE', controller.signal)).rejects.toBe(reason);
  });

  it('redacts secrets found in settings', async () => {
    const settings = salesSettings();
    settings.settings = { ...(settings.settings as JsonObject), container: { containerMode: 'EXPLICIT_CONTAINER', containerConf: { registryPassword: 's3cr3t-value' } } };
    dss.seed([{ projectKey: 'P', metadata: salesMetadata(), settings }]);
    const resource = await sync({ redactionKey: 'team-key' }).fetch('project.P');
    const text = JSON.stringify(resource.toJSON());
    expect(text).not.toContain('s3cr3t-value');
    const conf = (resource.attributes.settings as { container: { containerConf: { registryPassword: unknown } } }).container.containerConf;
    expect(isRedactionMarker(conf.registryPassword)).toBe(true);
  });

  it('keeps prototype keys from DSS as harmless data', async () => {
    // JSON text with __proto__ keys: an exact response.
    dss.server.use(
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

describe.each(['not-found', 'unauthorized'] as const)('ProjectSync.fetch of a project DSS does not have (DSS answers %s)', (mode) => {
  it('is ResourceNotFoundError for the project, with what DSS said as cause', async () => {
    dss.seed([{ projectKey: 'OTHER' }]);
    dss.emulator.unknownProjects = mode;
    const error = await rejectionOf(sync().fetch('project.NOPE'));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error).toMatchObject({ code: 'RESOURCE_NOT_FOUND', resourceId: 'project.NOPE' });
    expect(error.message).toBe('project NOPE does not exist in DSS (or this API key cannot see it)');
    expect(error.cause).toMatchObject({ status: mode === 'not-found' ? 404 : 401 });
  });
});

describe.each([401, 403])('ProjectSync.fetch of a listed project that DSS refuses with %i', (status) => {
  it('passes the refusal through: never "does not exist", never swallowed', async () => {
    dss.seed([{ projectKey: 'P' }]);
    dss.emulator.faults.add({ type: 'status', status, path: '/projects/P/metadata' });
    const error = await rejectionOf(sync().fetch('project.P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(status);
    expect(dss.emulator.stats.count('GET /projects/')).toBe(1);
  });

  it('passes the refusal through when the project list cannot be read either', async () => {
    dss.seed([{ projectKey: 'P' }]);
    dss.emulator.faults.add({ type: 'status', status: 500, method: 'GET', path: '/projects/' });
    dss.emulator.faults.add({ type: 'status', status, path: '/projects/P/settings' });
    const error = await rejectionOf(sync().fetch('project.P'));
    expect(DssApiError.isInstance(error) && error.status).toBe(status);
  });
});

describe('ProjectSync.listAll', () => {
  it('returns every project, sorted by id', async () => {
    dss.seed([{ projectKey: 'ZETA', metadata: { label: 'Z' } }, { projectKey: 'ALPHA', metadata: { label: 'A' } }, { projectKey: 'MID', metadata: {} }]);
    const resources = await sync().listAll();
    expect(resources.map((resource) => resource.resourceId)).toEqual(['project.ALPHA', 'project.MID', 'project.ZETA']);
    expect(resources.map((resource) => resource.attributes.name)).toEqual(['A', '', 'Z']);
  });

  it('filters to one project when given a key', async () => {
    dss.seed([{ projectKey: 'A' }, { projectKey: 'B' }]);
    expect((await sync().listAll('B')).map((resource) => resource.resourceId)).toEqual(['project.B']);
    expect(await sync().listAll('C')).toEqual([]);
  });

  it('leaves out a project deleted after listing, with a warning', async () => {
    dss.seed([{ projectKey: 'A' }, { projectKey: 'GONE' }]);
    dss.emulator.faults.add({ type: 'status', status: 404, path: /^\/projects\/GONE\// });
    const warnings: string[] = [];
    const resources = await sync({ onWarning: (message) => warnings.push(message) }).listAll();
    expect(resources.map((resource) => resource.resourceId)).toEqual(['project.A']);
    expect(warnings).toEqual(['project.GONE was listed but no longer exists in DSS (deleted meanwhile?); skipped']);
  });

  it('fails as a whole when one project fails', async () => {
    dss.seed([{ projectKey: 'A' }, { projectKey: 'B' }, { projectKey: 'C' }]);
    dss.emulator.faults.add({ type: 'status', status: 500, errorType: 'x.Boom', message: 'broken', path: '/projects/B/metadata' });
    const error = await rejectionOf(sync().listAll());
    expect(DssApiError.isInstance(error) && error.status).toBe(500);
    expect(error.message).toMatch(/^GET \/public\/api\/projects\/B\/metadata failed with 500/);
    expect(KEY_FORMS.some((form) => JSON.stringify(error).includes(form))).toBe(false);
  });
});
