import { describe, expect, it } from 'vitest';
import { demoInstance } from '../src/fixtures/demo-instance.js';
import { envelope, ILLEGAL_ARGUMENT, isEmptyReply, NOT_FOUND, NOW, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

type Item = Record<string, unknown>;

const PYTHON_CREATE_BODY = {
  projectKey: 'NEW_PROJECT',
  name: 'New project',
  owner: 'dave',
  settings: null,
  description: null,
  permissions: [],
  tags: [],
};

describe('GET /projects/', () => {
  it('lists every project with display fields from metadata, not full definitions', async () => {
    const response = await call('GET', '/projects/');
    expect(response.status).toBe(200);
    const items = response.json as Item[];
    expect(items.map((item) => item.projectKey)).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab']);
    expect(items[0]).toEqual({
      projectKey: 'CUSTOMER_ANALYTICS',
      name: 'Customer analytics',
      shortDesc: 'Customer segments and lifetime value',
      tags: ['marketing', 'crm'],
      ownerLogin: 'alice',
      projectStatus: 'In progress',
      creationTag: { versionNumber: 0, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1_717_000_000_000 },
      versionTag: { versionNumber: 12, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1_718_000_000_000 },
    });
    for (const item of items) {
      expect(item).not.toHaveProperty('settings');
      expect(item).not.toHaveProperty('description');
      expect(item).not.toHaveProperty('checklists');
    }
  });

  it('omits unset optional fields', async () => {
    const items = (await call('GET', '/projects/')).json as Item[];
    expect(items[2]).not.toHaveProperty('shortDesc');
    expect(items[2]).not.toHaveProperty('projectStatus');
  });

  it('filters on tags, repeated or comma-separated, matching any', async () => {
    const repeated = (await call('GET', '/projects/?tags=finance&tags=crm')).json as Item[];
    const commas = (await call('GET', '/projects/?tags=finance,crm')).json as Item[];
    expect(repeated.map((item) => item.projectKey)).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING']);
    expect(commas).toEqual(repeated);
    expect((await call('GET', '/projects/?tags=none')).json).toEqual([]);
  });

  it('accepts includeLocation as a boolean', async () => {
    expect((await call('GET', '/projects/?includeLocation=True')).status).toBe(200);
    expect((await call('GET', '/projects/?includeLocation=maybe')).status).toBe(400);
  });
});

describe('GET /projects/{k}', () => {
  it('returns the same summary as the list item', async () => {
    const list = (await call('GET', '/projects/')).json as Item[];
    const summary = await call('GET', '/projects/SALES_REPORTING');
    expect(summary.status).toBe(200);
    expect(summary.json).toEqual(list[1]);
  });

  it('answers an unknown project with 404 NotFoundException', async () => {
    const response = await call('GET', '/projects/UNKNOWN');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({
      errorType: NOT_FOUND,
      message: 'Project UNKNOWN does not exist',
      detailedMessage: 'Project UNKNOWN does not exist',
    });
  });

  it('is case-sensitive on keys', async () => {
    expect((await call('GET', '/projects/customer_analytics')).status).toBe(404);
    expect((await call('GET', '/projects/sandbox_lab')).status).toBe(200);
  });
});

describe('POST /projects/', () => {
  it('creates a project from the body the Python client sends', async () => {
    const response = await call('POST', '/projects/', { body: PYTHON_CREATE_BODY });
    expect(response.status).toBe(200);
    // DSS 15 answers a bare JSON string, not an object (decision 9).
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.json).toBe('NEW_PROJECT');

    const metadata = await call('GET', '/projects/NEW_PROJECT/metadata');
    expect(metadata.json).toEqual({ label: 'New project', tags: [], checklists: { checklists: [] }, custom: { kv: {} } });
    const summary = await call('GET', '/projects/NEW_PROJECT');
    expect(summary.json).toEqual({
      projectKey: 'NEW_PROJECT',
      name: 'New project',
      tags: [],
      ownerLogin: 'dave',
      creationTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
      versionTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
    });
    expect((await call('GET', '/projects/')).json).toContainEqual(summary.json);
  });

  it('feeds name, description and tags (sorted) into metadata and derived views', async () => {
    const body = { ...PYTHON_CREATE_BODY, description: 'Ünïcode déscription', tags: ['b', 'Zeta', 'a'] };
    await call('POST', '/projects/?projectFolderId=ROOT', { body });
    const metadata = (await call('GET', '/projects/NEW_PROJECT/metadata')).json as Item;
    expect(metadata.label).toBe('New project');
    expect(metadata.description).toBe('Ünïcode déscription');
    expect(metadata.tags).toEqual(['Zeta', 'a', 'b']);
    const summary = (await call('GET', '/projects/NEW_PROJECT')).json as Item;
    expect(summary.tags).toEqual(['Zeta', 'a', 'b']);
    expect(((await call('GET', '/project-folders/ROOT')).json as Item).projectKeys).toContain('NEW_PROJECT');
  });

  it('answers an unknown project folder with 404 and creates nothing', async () => {
    const response = await call('POST', '/projects/?projectFolderId=NOPE', { body: PYTHON_CREATE_BODY });
    expect(response.status).toBe(404);
    expect(envelope(response).message).toBe('Project folder NOPE does not exist');
    expect((await call('GET', '/projects/NEW_PROJECT')).status).toBe(404);
  });

  it('starts with default settings and empty variables, or the given settings', async () => {
    await call('POST', '/projects/', { body: PYTHON_CREATE_BODY });
    const settings = (await call('GET', '/projects/NEW_PROJECT/settings')).json as Item;
    expect(Object.keys(settings).sort()).toEqual(['exposedObjects', 'metrics', 'metricsChecks', 'settings']);
    expect((await call('GET', '/projects/NEW_PROJECT/variables/')).json).toEqual({ standard: {}, local: {} });
    expect((await call('GET', '/projects/NEW_PROJECT/datasets/')).json).toEqual([]);
    expect((await call('GET', '/projects/NEW_PROJECT/recipes/')).json).toEqual([]);

    await call('POST', '/projects/', { body: { projectKey: 'OTHER', name: 'Other', settings: { projectStatus: 'Draft' } } });
    expect((await call('GET', '/projects/OTHER/settings')).json).toEqual({ projectStatus: 'Draft' });
    expect(((await call('GET', '/projects/OTHER')).json as Item).ownerLogin).toBe('admin');
  });

  it('accepts lower-case keys', async () => {
    const response = await call('POST', '/projects/', { body: { ...PYTHON_CREATE_BODY, projectKey: 'toto' } });
    expect(response.status).toBe(200);
    expect((await call('GET', '/projects/toto')).status).toBe(200);
  });

  it('answers a duplicate key with 400 DSSIllegalArgumentException', async () => {
    const response = await call('POST', '/projects/', { body: { ...PYTHON_CREATE_BODY, projectKey: 'SALES_REPORTING' } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errorType: ILLEGAL_ARGUMENT,
      message: 'Project SALES_REPORTING already exists',
      detailedMessage: 'Project SALES_REPORTING already exists',
    });
    expect(((await call('GET', '/projects/SALES_REPORTING/metadata')).json as Item).label).toBe('Sales reporting');
  });

  it.each([
    ['an invalid key', { ...PYTHON_CREATE_BODY, projectKey: 'BAD-KEY' }, "Invalid project key 'BAD-KEY': it must match [A-Za-z0-9_]+"],
    ['an empty key', { ...PYTHON_CREATE_BODY, projectKey: '' }, "Invalid project key '': it must match [A-Za-z0-9_]+"],
    ['a missing key', { name: 'x' }, 'Missing projectKey'],
    ['a non-string key', { projectKey: 12, name: 'x' }, 'Invalid projectKey: expected a string'],
    ['a missing name', { projectKey: 'X' }, 'Missing name for project X'],
    ['a blank name', { projectKey: 'X', name: '  ' }, 'Missing name for project X'],
    ['non-string tags', { projectKey: 'X', name: 'x', tags: [1] }, 'Invalid tags: expected an array of strings'],
    ['tags that are not an array', { projectKey: 'X', name: 'x', tags: 'a' }, 'Invalid tags: expected an array of strings'],
    ['non-object settings', { projectKey: 'X', name: 'x', settings: [] }, 'Invalid settings: expected a JSON object'],
    ['a body that is not an object', ['X'], 'Invalid project creation body: expected a JSON object'],
  ])('answers %s with 400', async (_label, body, message) => {
    const response = await call('POST', '/projects/', { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ errorType: ILLEGAL_ARGUMENT, message, detailedMessage: message });
  });
});

describe('DELETE /projects/{k}', () => {
  it('deletes and answers a finished future', async () => {
    const response = await call(
      'DELETE',
      '/projects/SALES_REPORTING?clearManagedDatasets=False&clearOutputManagedFolders=false&clearJobAndScenarioLogs=True&wait=true',
    );
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ hasResult: true, result: { messages: [], anyMessage: false, success: true, warning: false, error: false } });
    expect((await call('GET', '/projects/SALES_REPORTING')).status).toBe(404);
    expect((await call('GET', '/projects/SALES_REPORTING/datasets/')).status).toBe(404);
    expect((await call('GET', '/projects/SALES_REPORTING/recipes/prepare_orders')).status).toBe(404);
    expect(((await call('GET', '/projects/')).json as Item[]).map((item) => item.projectKey)).toEqual(['CUSTOMER_ANALYTICS', 'sandbox_lab']);
  });

  it('without waiting, answers a future to poll at /futures/{jobId}', async () => {
    const response = await call('DELETE', '/projects/sandbox_lab?wait=False');
    const future = response.json as { jobId: string; hasResult: boolean };
    expect(future).toEqual({ jobId: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown, hasResult: false, alive: true });
    expect((await call('GET', '/projects/sandbox_lab')).status).toBe(404);
    const polled = await call('GET', `/futures/${future.jobId}?peek=false`);
    expect(polled.json).toEqual({
      jobId: future.jobId,
      hasResult: true,
      alive: false,
      aborted: false,
      result: { messages: [], anyMessage: false, success: true, warning: false, error: false },
    });
    expect((await call('DELETE', `/futures/${future.jobId}`)).json).toEqual({});
    const gone = await call('GET', `/futures/${future.jobId}`);
    expect(gone.status).toBe(404);
    expect(envelope(gone).message).toBe(`Future ${future.jobId} does not exist`);
    expect((await call('DELETE', `/futures/${future.jobId}`)).status).toBe(404);
  });

  it('accepts the legacy dropData flag', async () => {
    expect((await call('DELETE', '/projects/sandbox_lab?dropData=true')).status).toBe(200);
  });

  it('answers an invalid flag with 400 and deletes nothing', async () => {
    expect((await call('DELETE', '/projects/sandbox_lab?wait=soon')).status).toBe(400);
    expect((await call('GET', '/projects/sandbox_lab')).status).toBe(200);
  });
});

describe('GET|PUT /projects/{k}/metadata', () => {
  it('returns the stored metadata', async () => {
    const response = await call('GET', '/projects/CUSTOMER_ANALYTICS/metadata');
    expect(response.status).toBe(200);
    expect(response.json).toEqual(demoInstance().projects[0]?.metadata);
  });

  it('replaces the whole document and bumps the project versionTag', async () => {
    const put = await call('PUT', '/projects/CUSTOMER_ANALYTICS/metadata', {
      body: { label: 'Renamed', tags: ['x'], checklists: { checklists: [] }, custom: { kv: {} }, shortDesc: null },
    });
    expect(isEmptyReply(put)).toBe(true);
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/metadata')).json).toEqual({
      label: 'Renamed',
      tags: ['x'],
      checklists: { checklists: [] },
      custom: { kv: {} },
    });
    const summary = (await call('GET', '/projects/CUSTOMER_ANALYTICS')).json as Item;
    expect(summary.name).toBe('Renamed');
    expect(summary).not.toHaveProperty('shortDesc');
    expect(summary.tags).toEqual(['x']);
    expect(summary.versionTag).toEqual({ versionNumber: 13, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW });
    expect(summary.creationTag).toEqual({ versionNumber: 0, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1_717_000_000_000 });
  });

  it('sorts the tags it saves', async () => {
    const metadata = (await call('GET', '/projects/CUSTOMER_ANALYTICS/metadata')).json as Item;
    expect(metadata.tags).toEqual(['marketing', 'crm']);
    await call('PUT', '/projects/CUSTOMER_ANALYTICS/metadata', { body: { ...metadata, tags: ['marketing', 'crm', 'B2B'] } });
    expect(((await call('GET', '/projects/CUSTOMER_ANALYTICS/metadata')).json as Item).tags).toEqual(['B2B', 'crm', 'marketing']);
  });

  it('answers a non-object body with 400', async () => {
    const response = await call('PUT', '/projects/CUSTOMER_ANALYTICS/metadata', { body: 'label' });
    expect(response.status).toBe(400);
    expect(envelope(response).message).toBe('Invalid project metadata: expected a JSON object');
  });
});

describe('GET|PUT /projects/{k}/settings', () => {
  it('holds technical settings, not display fields', async () => {
    const settings = (await call('GET', '/projects/CUSTOMER_ANALYTICS/settings')).json as Item;
    expect(settings).toEqual(demoInstance().projects[0]?.settings);
    expect(settings).not.toHaveProperty('label');
    expect(settings).not.toHaveProperty('description');
  });

  it('round-trips an opaque document and replaces it whole', async () => {
    const next = { projectStatus: 'Draft', settings: { codeEnvs: { python: { mode: 'EXPLICIT_ENV', envName: 'py311' } }, somethingNew: [1, null, 'x'] } };
    const put = await call('PUT', '/projects/CUSTOMER_ANALYTICS/settings', { body: next });
    expect(isEmptyReply(put)).toBe(true);
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/settings')).json).toEqual(next);
    const summary = (await call('GET', '/projects/CUSTOMER_ANALYTICS')).json as Item;
    expect(summary.projectStatus).toBe('Draft');
    expect((summary.versionTag as Item).versionNumber).toBe(13);
  });

  it('answers 400 for a non-object body', async () => {
    expect((await call('PUT', '/projects/CUSTOMER_ANALYTICS/settings', { body: [1] })).status).toBe(400);
  });
});

describe('GET|PUT /projects/{k}/variables/', () => {
  it('returns standard and local variables', async () => {
    const response = await call('GET', '/projects/SALES_REPORTING/variables/');
    expect(response.json).toEqual({ standard: { reportingCurrency: 'EUR', fiscalYearStart: '04-01' }, local: {} });
  });

  it('replaces both and keeps null variable values', async () => {
    const body = { standard: { env: 'prod', optional: null }, local: { n: 1 } };
    const put = await call('PUT', '/projects/SALES_REPORTING/variables/', { body });
    expect(isEmptyReply(put)).toBe(true);
    expect((await call('GET', '/projects/SALES_REPORTING/variables/')).json).toEqual(body);
    expect((((await call('GET', '/projects/SALES_REPORTING')).json as Item).versionTag as Item).versionNumber).toBe(4);
  });

  it('ignores extra top-level keys', async () => {
    await call('PUT', '/projects/SALES_REPORTING/variables/', { body: { standard: {}, local: {}, other: 1 } });
    expect((await call('GET', '/projects/SALES_REPORTING/variables/')).json).toEqual({ standard: {}, local: {} });
  });

  it.each([
    ['without local', { standard: {} }],
    ['without standard', { local: {} }],
    ['with a non-object standard', { standard: [], local: {} }],
    ['with a null local', { standard: {}, local: null }],
  ])('answers a body %s with 400', async (_label, body) => {
    const response = await call('PUT', '/projects/SALES_REPORTING/variables/', { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errorType: ILLEGAL_ARGUMENT,
      message: "Invalid variables for project SALES_REPORTING: 'standard' and 'local' objects are required",
      detailedMessage: "Invalid variables for project SALES_REPORTING: 'standard' and 'local' objects are required",
    });
  });
});

describe('GET /projects/{k}/variables-resolved', () => {
  it('merges standard and local variables, local first, as strings unless typed', async () => {
    await call('PUT', '/projects/sandbox_lab/variables/', { body: { standard: { env: 'dev', n: 1, list: ['a'] }, local: { env: 'local', on: true } } });
    expect((await call('GET', '/projects/sandbox_lab/variables-resolved')).json).toEqual({ env: 'local', n: '1', list: '["a"]', on: 'true' });
    expect((await call('GET', '/projects/sandbox_lab/variables-resolved?typed=True')).json).toEqual({ env: 'local', n: 1, list: ['a'], on: true });
    expect((await call('GET', '/projects/sandbox_lab/variables-resolved?typed=maybe')).status).toBe(400);
  });
});

describe('GET|PUT /projects/{k}/permissions', () => {
  it('holds the owner and the grants; the owner is the project owner', async () => {
    const permissions = (await call('GET', '/projects/SALES_REPORTING/permissions')).json as Item;
    expect(permissions).toEqual({
      owner: 'bob',
      permissions: [],
      dashboardAuthorizations: { allAuthorized: false, authorizations: [] },
      additionalDashboardUsers: { users: [] },
    });
    const grants = [{ group: 'analysts', readProjectContent: true, writeProjectContent: false }];
    const put = await call('PUT', '/projects/SALES_REPORTING/permissions', { body: { ...permissions, owner: 'carol', permissions: grants } });
    expect(isEmptyReply(put)).toBe(true);
    expect(((await call('GET', '/projects/SALES_REPORTING/permissions')).json as Item).permissions).toEqual(grants);
    const summary = (await call('GET', '/projects/SALES_REPORTING')).json as Item;
    expect(summary.ownerLogin).toBe('carol');
    expect((summary.versionTag as Item).versionNumber).toBe(4);
  });

  it('keeps the owner when the body has none', async () => {
    await call('PUT', '/projects/SALES_REPORTING/permissions', { body: { permissions: [] } });
    expect((await call('GET', '/projects/SALES_REPORTING/permissions')).json).toEqual({ owner: 'bob', permissions: [] });
  });
});

describe('GET|PUT /projects/{k}/tags', () => {
  it('holds the tag definitions, not the project tags', async () => {
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/tags')).json).toEqual({ tags: {} });
    const definitions = { tags: { crm: { color: '#ff0000' }, marketing: {} } };
    expect(isEmptyReply(await call('PUT', '/projects/CUSTOMER_ANALYTICS/tags', { body: definitions }))).toBe(true);
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/tags')).json).toEqual(definitions);
    expect(((await call('GET', '/projects/CUSTOMER_ANALYTICS/metadata')).json as Item).tags).toEqual(['marketing', 'crm']);
  });
});

describe('GET /project-folders/', () => {
  it('has one root folder holding every project', async () => {
    const root = (await call('GET', '/project-folders/')).json;
    expect(root).toEqual({ id: 'ROOT', name: 'Root', owner: 'admin', childrenIds: [], projectKeys: ['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab'] });
    expect((await call('GET', '/project-folders/ROOT')).json).toEqual(root);
    const other = await call('GET', '/project-folders/abc');
    expect(other.status).toBe(404);
    expect(envelope(other)).toEqual({ errorType: NOT_FOUND, message: 'Project folder abc does not exist', detailedMessage: 'Project folder abc does not exist' });
  });
});
