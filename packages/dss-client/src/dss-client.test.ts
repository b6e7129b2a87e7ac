import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@dataiku-iac/models';
import { API, API_KEY, BASIC_TOKEN, DSS_HOST, ordersDataset, pythonRecipe, salesMetadata, salesSettings } from '@dataiku-iac/test-utils';
import { DssConfigError } from './errors/dss-config-error.js';
import { CLIENT_VERSION } from './version.js';
import { DssClient } from './dss-client.js';
import { DEFAULT_CONCURRENCY } from './client-config.js';
import { dssPath } from './dss-path.js';

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

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** Answer every request with `reply` and record what arrived. */
function record(reply: () => Response = () => HttpResponse.json({ msg: 'ok' })): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(/^https?:\/\//, async ({ request }) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() });
      return reply();
    }),
  );
  return seen;
}

function client(options: ConstructorParameters<typeof DssClient>[0] = {}): DssClient {
  return new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, ...options });
}

describe('DssClient configuration', () => {
  it('reads host and key from the environment', async () => {
    const seen = record(() => HttpResponse.json({ authIdentifier: 'alice' }));
    const dss = new DssClient({ retryDelayMs: 1, env: { DATAIKU_HOST: 'https://env.test', DATAIKU_API_KEY: 'env-key-123456' } });
    expect(dss.host).toBe('https://env.test');
    await dss.getAuthInfo();
    expect(seen[0]?.url).toBe('https://env.test/public/api/auth/info?withSecrets=false');
    expect(seen[0]?.headers.get('authorization')).toBe(`Basic ${Buffer.from('env-key-123456:').toString('base64')}`);
  });

  it('prefers explicit options over the environment', async () => {
    const seen = record(() => HttpResponse.json({}));
    const dss = new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: { DATAIKU_HOST: 'https://env.test', DATAIKU_API_KEY: 'env-key' } });
    await dss.getAuthInfo();
    expect(seen[0]?.url.startsWith(`${DSS_HOST}/public/api/`)).toBe(true);
    expect(seen[0]?.headers.get('authorization')).toBe(`Basic ${BASIC_TOKEN}`);
  });

  it('uses process.env when no env is given', () => {
    const saved = { host: process.env.DATAIKU_HOST, key: process.env.DATAIKU_API_KEY };
    process.env.DATAIKU_HOST = 'http://process-env.test:11200/';
    process.env.DATAIKU_API_KEY = 'process-key';
    try {
      expect(new DssClient().host).toBe('http://process-env.test:11200');
    } finally {
      if (saved.host === undefined) delete process.env.DATAIKU_HOST;
      else process.env.DATAIKU_HOST = saved.host;
      if (saved.key === undefined) delete process.env.DATAIKU_API_KEY;
      else process.env.DATAIKU_API_KEY = saved.key;
    }
  });

  it('names the variable to set when the host or the key is missing', () => {
    expect(() => new DssClient({ env: {} })).toThrow(/DSS host is not set: set DATAIKU_HOST or pass the host option/);
    expect(() => new DssClient({ env: { DATAIKU_HOST: '  ' }, apiKey: 'k' })).toThrow(/DATAIKU_HOST/);
    expect(() => new DssClient({ host: DSS_HOST, env: {} })).toThrow(/DSS API key is not set: set DATAIKU_API_KEY or pass the apiKey option/);
    try {
      new DssClient({ env: {} });
    } catch (error) {
      expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).name).toBe('DssConfigError');
    }
  });

  it('carries the option, the variable and a problem, for a command line to name its own flags', () => {
    function fields(make: () => unknown): Pick<DssConfigError, 'option' | 'envVariable' | 'problem'> {
      try {
        make();
      } catch (error) {
        if (!(error instanceof DssConfigError)) throw error;
        const { option, envVariable, problem } = error;
        return { option, envVariable, problem };
      }
      throw new Error('expected a DssConfigError');
    }
    const example = '(e.g. https://dss.example.com:11200)';
    const found = [
      fields(() => new DssClient({ env: {} })),
      fields(() => client({ host: 'ftp://dss.example.com' })),
      fields(() => client({ host: 'not a url' })),
      fields(() => new DssClient({ host: DSS_HOST, env: {} })),
      fields(() => client({ timeoutMs: 0 })),
      fields(() => client({ timeoutMs: 2 ** 31 })),
      fields(() => client({ concurrency: 1.5 })),
    ];
    expect(found).toEqual([
      { option: 'host', envVariable: 'DATAIKU_HOST', problem: `is not set ${example}` },
      { option: 'host', envVariable: 'DATAIKU_HOST', problem: `"ftp://dss.example.com" must start with http:// or https:// ${example}` },
      { option: 'host', envVariable: 'DATAIKU_HOST', problem: `"not a url" is not a valid URL ${example}` },
      { option: 'apiKey', envVariable: 'DATAIKU_API_KEY', problem: 'is not set' },
      { option: 'timeoutMs', envVariable: undefined, problem: 'must be a number >= 1, got 0' },
      { option: 'timeoutMs', envVariable: undefined, problem: 'must be a number <= 2147483647, got 2147483648' },
      { option: 'concurrency', envVariable: undefined, problem: 'must be an integer >= 1, got 1.5' },
    ]);
    for (const { problem } of found) expect(problem).not.toMatch(/option|DATAIKU_|apiKey|timeoutMs|concurrency/);
  });

  it('rejects a host that is not an http(s) URL without echoing credentials', () => {
    expect(() => client({ host: 'dss.example.com:11200' })).toThrow('DSS host "dss.example.com:11200" has no scheme: write https://dss.example.com:11200 (or http:// if DSS serves plain HTTP)');
    expect(() => client({ host: '127.0.0.1:11200' })).toThrow(/"127\.0\.0\.1:11200" has no scheme: write https:\/\/127\.0\.0\.1:11200/);
    expect(() => client({ host: 'https://dss.test/public/api/' })).toThrow('DSS host "https://dss.test/public/api/" ends with the API path: give the DSS address alone, https://dss.test');
    expect(() => client({ host: 'https://dss.test/dss/dip/publicapi' })).toThrow(/give the DSS address alone, https:\/\/dss\.test\/dss$/);
    expect(() => client({ host: 'ftp://dss.example.com' })).toThrow(/must start with http/);
    expect(() => client({ host: 'not a url' })).toThrow(/is not a valid URL/);
    expect(() => client({ host: 'ht tp://user:hunter2@x' })).toThrow(/^(?!.*hunter2).*$/);
  });

  it('tells its concurrency: the default, or the one given', () => {
    expect(client().concurrency).toBe(DEFAULT_CONCURRENCY);
    expect(client({ concurrency: 3 }).concurrency).toBe(3);
  });

  it('normalises the host: trailing slash, path prefix, credentials, query', async () => {
    expect(client({ host: 'https://dss.test/' }).host).toBe('https://dss.test');
    expect(client({ host: 'https://user:pw@dss.test:8443/dss/?x=1#y' }).host).toBe('https://dss.test:8443/dss');
    const seen = record(() => HttpResponse.json([]));
    await client({ host: `${DSS_HOST}/prefix//` }).listProjectKeys();
    expect(seen[0]?.url).toBe(`${DSS_HOST}/prefix/public/api/projects/`);
  });

  it('rejects out-of-range options', () => {
    expect(() => client({ concurrency: 0 })).toThrow(/option concurrency must be an integer >= 1, got 0/);
    expect(() => client({ concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => client({ retries: -1 })).toThrow(/retries/);
    expect(() => client({ timeoutMs: 0 })).toThrow(/option timeoutMs must be a number >= 1/);
    expect(() => client({ timeoutMs: 2 ** 31 })).toThrow('option timeoutMs must be a number <= 2147483647, got 2147483648');
    expect(() => client({ maxResponseBytes: Number.NaN })).toThrow(/maxResponseBytes/);
  });

  it('accepts another base path', async () => {
    const seen = record(() => HttpResponse.json([]));
    await client({ basePath: '/dip/publicapi/' }).listProjectKeys();
    await client({ basePath: 'dip/publicapi' }).listProjectKeys();
    expect(seen.map((request) => request.url)).toEqual([`${DSS_HOST}/dip/publicapi/projects/`, `${DSS_HOST}/dip/publicapi/projects/`]);
  });
});

describe('DssClient requests', () => {
  it('sends Basic auth with the key as the username and an empty password', async () => {
    const seen = record(() => HttpResponse.json([]));
    await client().listProjectKeys();
    const header = seen[0]?.headers.get('authorization') ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString()).toBe(`${API_KEY}:`);
    expect(seen[0]?.headers.get('user-agent')).toBe(`dataiku-iac/${CLIENT_VERSION}`);
    expect(CLIENT_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('uses the exact paths and trailing slashes of the contract', async () => {
    const seen = record(() => HttpResponse.json({}));
    const dss = client();
    const calls: (() => Promise<unknown>)[] = [
      () => dss.setProjectMetadata('P', {}),
      () => dss.setProjectSettings('P', {}),
      () => dss.setProjectVariables('P', { standard: {}, local: {} }),
      () => dss.putDataset('P', 'd', { name: 'd', type: 'Filesystem' }),
      () => dss.deleteDataset('P', 'd'),
      () => dss.deleteDataset('P', 'd', { dropData: true }),
      () => dss.createDataset('P', { name: 'd', type: 'Filesystem' }),
      () => dss.putRecipe('P', 'r', { recipe: { name: 'r', type: 'python' }, payload: 'x' }),
      () => dss.deleteRecipe('P', 'r'),
      () => dss.deleteProject('P'),
      () => dss.deleteProject('P', { clearManagedDatasets: true }),
      () => dss.createProject({ projectKey: 'P', name: 'Proj', owner: 'alice' }),
    ];
    for (const call of calls) await call();
    expect(seen.map((request) => `${request.method} ${request.url.slice(API.length)}`)).toEqual([
      'PUT /projects/P/metadata',
      'PUT /projects/P/settings',
      'PUT /projects/P/variables/',
      'PUT /projects/P/datasets/d',
      'DELETE /projects/P/datasets/d?dropData=false',
      'DELETE /projects/P/datasets/d?dropData=true',
      'POST /projects/P/datasets/',
      'PUT /projects/P/recipes/r',
      'DELETE /projects/P/recipes/r',
      'DELETE /projects/P?clearManagedDatasets=false&clearOutputManagedFolders=false&clearJobAndScenarioLogs=true&wait=true',
      'DELETE /projects/P?clearManagedDatasets=true&clearOutputManagedFolders=false&clearJobAndScenarioLogs=true&wait=true',
      'POST /projects/',
    ]);
  });

  it('sends JSON bodies with Content-Type application/json', async () => {
    const seen = record(() => HttpResponse.json({ msg: 'ok' }));
    const dss = client();
    await dss.createProject({ projectKey: 'SALES', name: 'Sales', owner: 'alice' });
    await dss.createProject({ projectKey: 'S2', name: 'S2', owner: 'bob', description: 'd', tags: ['t'] });
    await dss.createDataset('SALES', { name: 'orders', type: 'Filesystem', params: { connection: 'c' } });
    await dss.setProjectVariables('SALES', { standard: { env: 'dev' }, local: {} });
    expect(seen.map((request) => request.headers.get('content-type'))).toEqual(Array(4).fill('application/json'));
    expect(seen.map((request) => JSON.parse(request.body) as unknown)).toEqual([
      { projectKey: 'SALES', name: 'Sales', owner: 'alice', settings: null, description: null, permissions: [], tags: [] },
      { projectKey: 'S2', name: 'S2', owner: 'bob', settings: null, description: 'd', permissions: [], tags: ['t'] },
      { name: 'orders', type: 'Filesystem', params: { connection: 'c' }, projectKey: 'SALES' },
      { standard: { env: 'dev' }, local: {} },
    ]);
  });

  it('encodes every identifier segment and keeps the raw URL', async () => {
    const seen = record(() => HttpResponse.json(ordersDataset('my data é')));
    const definition = await client().getDataset('P 1', 'my data é');
    expect(definition.name).toBe('my data é');
    expect(seen[0]?.url).toBe(`${API}/projects/P%201/datasets/my%20data%20%C3%A9`);
    expect(dssPath`projects/${'a/b?c#d'}/recipes/${'x%y'}`).toBe('projects/a%2Fb%3Fc%23d/recipes/x%25y');
  });

  it('builds query strings: booleans, repeated arrays, undefined left out', async () => {
    const seen = record(() => HttpResponse.json([]));
    await client().request('GET', '/projects/', { query: { tags: ['a', 'b'], foreign: false, empty: [], skip: undefined, s: 'x y' } });
    expect(seen[0]?.url).toBe(`${API}/projects/?tags=a&tags=b&foreign=false&s=x+y`);
  });

  it('reads lists only for names and GETs the typed documents', async () => {
    server.use(
      http.get(`${API}/projects/`, () => HttpResponse.json([{ projectKey: 'A', name: 'a' }, { projectKey: 'B' }])),
      http.get(`${API}/projects/A/metadata`, () => HttpResponse.json(salesMetadata())),
      http.get(`${API}/projects/A/settings`, () => HttpResponse.json(salesSettings())),
      http.get(`${API}/projects/A/variables/`, () => HttpResponse.json({ standard: { env: 'dev' }, local: {} })),
      http.get(`${API}/projects/A/datasets/`, () => HttpResponse.json([{ name: 'orders', type: 'Filesystem' }])),
      http.get(`${API}/projects/A/recipes/`, () => HttpResponse.json([{ name: 'compute_orders', type: 'python' }])),
      http.get(`${API}/projects/A/recipes/compute_orders`, () => HttpResponse.json(pythonRecipe('compute_orders'))),
      http.post(`${API}/projects/A/recipes/`, async ({ request }) => {
        const body = (await request.json()) as { recipePrototype: { name: string; projectKey: string } };
        return HttpResponse.json({ name: `${body.recipePrototype.name}_1`, echoed: body.recipePrototype.projectKey });
      }),
    );
    const dss = client();
    expect(await dss.listProjectKeys()).toEqual(['A', 'B']);
    expect((await dss.getProjectMetadata('A')).label).toBe('Sales analytics');
    expect((await dss.getProjectSettings('A')).projectStatus).toBe('Draft');
    expect(await dss.getProjectVariables('A')).toEqual({ standard: { env: 'dev' }, local: {} });
    expect(await dss.listDatasetNames('A')).toEqual(['orders']);
    expect(await dss.listRecipeNames('A')).toEqual(['compute_orders']);
    expect((await dss.getRecipe('A', 'compute_orders')).recipe.type).toBe('python');
    expect(await dss.createRecipe('A', { type: 'python', name: 'r' }, { script: 'print(1)' })).toBe('r_1');
  });

  it('returns undefined for an empty body and for ignored replies', async () => {
    server.use(
      http.put(`${API}/projects/A/metadata`, () => new HttpResponse(null, { status: 204 })),
      http.put(`${API}/projects/A/settings`, () => new HttpResponse('Updated', { headers: { 'content-type': 'text/plain' } })),
      http.get(`${API}/empty`, () => new HttpResponse('', { status: 200, headers: { 'content-type': 'application/json' } })),
    );
    const dss = client();
    await expect(dss.setProjectMetadata('A', {})).resolves.toBeUndefined();
    await expect(dss.setProjectSettings('A', {})).resolves.toBeUndefined();
    await expect(dss.request('GET', 'empty')).resolves.toBeUndefined();
  });

  it('accepts JSON without a content type and +json types', async () => {
    server.use(
      http.get(`${API}/a`, () => new HttpResponse(new TextEncoder().encode('{"x":1}'))),
      http.get(`${API}/b`, () => new HttpResponse('{"y":2}', { headers: { 'content-type': 'application/vnd.dss+json; charset=utf-8' } })),
    );
    const dss = client();
    expect(await dss.request('GET', 'a')).toEqual({ x: 1 });
    expect(await dss.request('GET', 'b')).toEqual({ y: 2 });
  });

  it('closes its TLS pool and is a no-op without one', async () => {
    await expect(client().close()).resolves.toBeUndefined();
  });
});
