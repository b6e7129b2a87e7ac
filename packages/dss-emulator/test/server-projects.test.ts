import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoInstance } from '../src/fixtures/demo-instance.js';
import { type Call, envelope, ILLEGAL_ARGUMENT, NOT_FOUND, NOW, startTestServer, type TestServer } from './helpers.js';

let test: TestServer;
let call: Call;

beforeAll(async () => {
  test = await startTestServer();
  call = test.call;
});
beforeEach(() => {
  test.emulator.reset();
});
afterAll(async () => {
  await test.server.close();
});

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
    expect(response.json).toEqual({ msg: 'Created project NEW_PROJECT' });

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

  it('feeds name, description and tags into metadata and derived views', async () => {
    const body = { ...PYTHON_CREATE_BODY, description: 'Ünïcode déscription', tags: ['a', 'b'] };
    await call('POST', '/projects/?projectFolderId=ROOT', { body });
    const metadata = (await call('GET', '/projects/NEW_PROJECT/metadata')).json as Item;
    expect(metadata.label).toBe('New project');
    expect(metadata.description).toBe('Ünïcode déscription');
    expect(metadata.tags).toEqual(['a', 'b']);
    const summary = (await call('GET', '/projects/NEW_PROJECT')).json as Item;
    expect(summary.tags).toEqual(['a', 'b']);
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
    expect(response.json).toEqual({ hasResult: true, result: { messages: [], anyMessage: false } });
    expect((await call('GET', '/projects/SALES_REPORTING')).status).toBe(404);
    expect((await call('GET', '/projects/SALES_REPORTING/datasets/')).status).toBe(404);
    expect((await call('GET', '/projects/SALES_REPORTING/recipes/prepare_orders')).status).toBe(404);
    expect(((await call('GET', '/projects/')).json as Item[]).map((item) => item.projectKey)).toEqual(['CUSTOMER_ANALYTICS', 'sandbox_lab']);
  });

  it('accepts the legacy dropData flag', async () => {
    expect((await call('DELETE', '/projects/sandbox_lab?dropData=true')).status).toBe(200);
  });

  it('answers an unknown project with 404', async () => {
    const response = await call('DELETE', '/projects/UNKNOWN');
    expect(response.status).toBe(404);
    expect(envelope(response).errorType).toBe(NOT_FOUND);
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
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ msg: 'Updated metadata for project CUSTOMER_ANALYTICS' });
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

  it('answers an unknown project with 404 on GET and PUT', async () => {
    expect((await call('GET', '/projects/UNKNOWN/metadata')).status).toBe(404);
    expect((await call('PUT', '/projects/UNKNOWN/metadata', { body: { label: 'x' } })).status).toBe(404);
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
    expect(put.json).toEqual({ msg: 'Updated settings for project CUSTOMER_ANALYTICS' });
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/settings')).json).toEqual(next);
    const summary = (await call('GET', '/projects/CUSTOMER_ANALYTICS')).json as Item;
    expect(summary.projectStatus).toBe('Draft');
    expect((summary.versionTag as Item).versionNumber).toBe(13);
  });

  it('answers 404 for an unknown project and 400 for a non-object body', async () => {
    expect((await call('GET', '/projects/UNKNOWN/settings')).status).toBe(404);
    expect((await call('PUT', '/projects/UNKNOWN/settings', { body: {} })).status).toBe(404);
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
    expect(put.json).toEqual({ msg: 'Updated variables for project SALES_REPORTING' });
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

  it('answers an unknown project with 404', async () => {
    expect((await call('GET', '/projects/UNKNOWN/variables/')).status).toBe(404);
    expect((await call('PUT', '/projects/UNKNOWN/variables/', { body: { standard: {}, local: {} } })).status).toBe(404);
  });
});
