import { request as httpRequest, Agent, type IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startEmulatorServer } from '../src/server.js';
import {
  API_KEY,
  basic,
  envelope,
  ILLEGAL_ARGUMENT,
  NOT_AUTHENTICATED,
  NOT_FOUND,
  useTestServer,
} from './helpers.js';

const test = useTestServer();
const { call } = test;

describe('base paths', () => {
  it('serves the same API under /public/api and /dip/publicapi', async () => {
    const publicApi = await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS');
    const dipApi = await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS', { prefix: '/dip/publicapi' });
    expect(publicApi.status).toBe(200);
    expect(dipApi.status).toBe(200);
    expect(dipApi.json).toEqual(publicApi.json);
  });

  it('shares one store between both base paths', async () => {
    await call('PUT', '/projects/sandbox_lab/variables/', { body: { standard: { a: 1 }, local: {} }, prefix: '/dip/publicapi' });
    const variables = await call('GET', '/projects/sandbox_lab/variables/');
    expect(variables.json).toEqual({ standard: { a: 1 }, local: {} });
  });

  it('answers paths outside both base paths with the NotFound envelope', async () => {
    for (const prefix of ['', '/public', '/public/apix', '/dip/publicapi2']) {
      const response = await call('GET', '/projects/', { prefix });
      expect(response.status).toBe(404);
      expect(envelope(response).errorType).toBe(NOT_FOUND);
    }
  });

  it('answers the bare base path with 404', async () => {
    const response = await call('GET', '', { prefix: '/public/api' });
    expect(response.status).toBe(404);
    expect(envelope(response).errorType).toBe(NOT_FOUND);
  });
});

describe('authentication', () => {
  it.each([
    ['Basic with the key as username', basic(API_KEY, '')],
    ['Basic with the key as password', basic('', API_KEY)],
    ['Bearer', `Bearer ${API_KEY}`],
    ['Basic, lower-case scheme', `basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`],
  ])('accepts %s', async (_label, auth) => {
    const response = await call('GET', '/projects/', { auth });
    expect(response.status).toBe(200);
  });

  it.each([
    ['no Authorization header', null, 'No API key provided'],
    ['an empty Authorization header', '', 'No API key provided'],
    ['a wrong key as Basic username', basic('wrong-key', ''), 'Unknown API Key'],
    ['a wrong key as Basic password', basic('', 'wrong-key'), 'Unknown API Key'],
    ['a wrong Bearer token', 'Bearer wrong-key', 'Unknown API Key'],
    ['an unknown scheme', `Token ${API_KEY}`, 'Unknown API Key'],
    ['a scheme without credentials', 'Bearer', 'Unknown API Key'],
  ])('answers 401 NotAuthenticatedException for %s', async (_label, auth, message) => {
    const response = await call('GET', '/projects/', { auth });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ errorType: NOT_AUTHENTICATED, message, detailedMessage: message });
  });

  it('checks the key before looking the path up', async () => {
    const response = await call('GET', '/no/such/route', { auth: null });
    expect(response.status).toBe(401);
  });
});

describe('headers', () => {
  it('sends the JSON content type and the DSS version headers on success', async () => {
    const response = await call('GET', '/projects/');
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.headers.get('dss-api-version')).toBe('1');
    expect(response.headers.get('dss-version')).toBe('14.3.0');
  });

  it('sends them on errors too', async () => {
    const response = await call('GET', '/projects/NOPE');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.headers.get('dss-api-version')).toBe('1');
    expect(response.headers.get('dss-version')).toBe('14.3.0');
  });
});

describe('trailing slashes', () => {
  const K = 'CUSTOMER_ANALYTICS';
  it.each([
    ['GET', '/projects/'],
    ['GET', `/projects/${K}`],
    ['GET', `/projects/${K}/metadata`],
    ['GET', `/projects/${K}/settings`],
    ['GET', `/projects/${K}/variables/`],
    ['GET', `/projects/${K}/datasets/`],
    ['GET', `/projects/${K}/datasets/RAW_CUSTOMERS`],
    ['GET', `/projects/${K}/datasets/RAW_CUSTOMERS/metadata`],
    ['GET', `/projects/${K}/recipes/`],
    ['GET', `/projects/${K}/recipes/compute_customers_prepared`],
    ['GET', '/auth/info'],
    ['GET', '/instance-info'],
  ])('serves %s %s', async (method, path) => {
    expect((await call(method, path)).status).toBe(200);
  });

  it.each([
    ['GET', `/projects/${K}/`],
    ['GET', `/projects/${K}/metadata/`],
    ['GET', `/projects/${K}/settings/`],
    ['GET', `/projects/${K}/datasets/RAW_CUSTOMERS/`],
    ['GET', `/projects/${K}/datasets/RAW_CUSTOMERS/metadata/`],
    ['GET', `/projects/${K}/recipes/compute_customers_prepared/`],
    ['GET', '/auth/info/'],
  ])('accepts an extra trailing slash on the object route %s %s', async (method, path) => {
    const extra = await call(method, path);
    expect(extra.status).toBe(200);
    expect(extra.json).toEqual((await call(method, path.slice(0, -1))).json);
  });

  it('writes through an object route with an extra trailing slash', async () => {
    const metadata = (await call('GET', `/projects/${K}/metadata`)).json as Record<string, unknown>;
    expect((await call('PUT', `/projects/${K}/metadata/`, { body: { ...metadata, label: 'Slash' } })).status).toBe(200);
    expect(((await call('GET', `/projects/${K}/metadata`)).json as Record<string, unknown>).label).toBe('Slash');
  });

  it.each([
    ['GET', '/projects'],
    ['POST', '/projects'],
    ['GET', `/projects/${K}/variables`],
    ['PUT', `/projects/${K}/variables`],
    ['GET', `/projects/${K}/datasets`],
    ['POST', `/projects/${K}/datasets`],
    ['GET', `/projects/${K}/recipes`],
    ['POST', `/projects/${K}/recipes`],
    ['GET', `/projects/${K}/scenarios`],
    ['GET', `/projects/${K}/managedfolders`],
    ['GET', '/project-folders'],
    ['GET', '//projects/'],
    ['GET', `/projects/${K}//`],
    ['GET', `/projects/${K}/datasets/RAW_CUSTOMERS//`],
  ])('answers a collection route without its slash, or a doubled slash, with 404: %s %s', async (method, path) => {
    const response = await call(method, path, method === 'GET' ? {} : { body: {} });
    expect(response.status).toBe(404);
    expect(envelope(response).errorType).toBe(NOT_FOUND);
    expect(envelope(response).detailedMessage).toBe(envelope(response).message);
  });

  it('does not change anything when the wrong form is used', async () => {
    await call('PUT', `/projects/${K}/variables`, { body: { standard: {}, local: {} } });
    const variables = await call('GET', `/projects/${K}/variables/`);
    expect(variables.json).toEqual({ standard: { env: 'dev', threshold: 0.8, countries: ['FR', 'DE', 'BR'] }, local: { debug: false } });
  });
});

describe('unsupported methods', () => {
  it('answers a method a known path does not support with 405 and the envelope', async () => {
    const response = await call('PATCH', '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS', { body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect(response.json).toEqual({
      errorType: 'org.springframework.web.HttpRequestMethodNotSupportedException',
      message: "Request method 'PATCH' not supported",
      detailedMessage: "Request method 'PATCH' not supported",
    });
  });

  it('answers POST on a project with 405', async () => {
    const response = await call('POST', '/projects/CUSTOMER_ANALYTICS', { body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, DELETE');
  });
});

describe('URL-encoded path segments', () => {
  it('decodes each segment before lookup', async () => {
    const response = await call('GET', '/projects/CUSTOMER%5FANALYTICS/datasets/customers%5Fprepared');
    expect(response.status).toBe(200);
    expect((response.json as { name: string }).name).toBe('customers_prepared');
  });

  it('finds names that encodeURIComponent leaves alone or encodes', async () => {
    const response = await call('GET', `/projects/${encodeURIComponent('SALES_REPORTING')}/datasets/${encodeURIComponent('2024-orders')}`);
    expect(response.status).toBe(200);
    expect((response.json as { name: string }).name).toBe('2024-orders');
  });

  it('answers an encoded slash as a single (unknown) name, not as two segments', async () => {
    const response = await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS%2Fmetadata');
    expect(response.status).toBe(404);
    expect(envelope(response).message).toBe('Dataset CUSTOMER_ANALYTICS.RAW_CUSTOMERS/metadata does not exist');
  });

  it('answers malformed percent-encoding with 400', async () => {
    const response = await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(envelope(response).errorType).toBe(ILLEGAL_ARGUMENT);
  });
});

describe('request bodies', () => {
  const variables = { standard: { region: 'eu' }, local: { debug: true } };

  it('accepts JSON without a Content-Type header', async () => {
    const response = await fetch(`${test.server.url}/public/api/projects/sandbox_lab/variables/`, {
      method: 'PUT',
      headers: { Authorization: basic(API_KEY, '') },
      body: new TextEncoder().encode(JSON.stringify(variables)),
    });
    expect(response.status).toBe(200);
    expect((await call('GET', '/projects/sandbox_lab/variables/')).json).toEqual(variables);
  });

  it('accepts JSON sent as text/plain', async () => {
    const response = await call('PUT', '/projects/sandbox_lab/variables/', { body: variables, headers: { 'Content-Type': 'text/plain' } });
    expect(response.status).toBe(200);
  });

  it('answers a missing body with 400', async () => {
    const response = await call('PUT', '/projects/sandbox_lab/variables/');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errorType: ILLEGAL_ARGUMENT,
      message: 'Missing JSON request body',
      detailedMessage: 'Missing JSON request body',
    });
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fetch(`${test.server.url}/public/api/projects/sandbox_lab/variables/`, {
      method: 'PUT',
      headers: { Authorization: basic(API_KEY, ''), 'Content-Type': 'application/json' },
      body: '{"standard": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errorType: string; message: string };
    expect(body.errorType).toBe(ILLEGAL_ARGUMENT);
    expect(body.message).toMatch(/^Malformed JSON request body: /);
  });
});

describe('query parameters', () => {
  it.each(['true', 'True', 'TRUE', 'false', 'False'])('accepts the boolean %s', async (value) => {
    const response = await call('GET', `/projects/SALES_REPORTING/datasets/?foreign=${value}`);
    expect(response.status).toBe(200);
  });

  it('answers an invalid boolean with 400', async () => {
    const response = await call('GET', '/projects/SALES_REPORTING/datasets/?foreign=yes');
    expect(response.status).toBe(400);
    expect(envelope(response)).toEqual({
      errorType: ILLEGAL_ARGUMENT,
      message: "Invalid boolean value 'yes' for parameter foreign",
      detailedMessage: "Invalid boolean value 'yes' for parameter foreign",
    });
  });

  it('ignores unknown query parameters', async () => {
    expect((await call('GET', '/projects/?whatever=1')).status).toBe(200);
  });
});

describe('instance endpoints', () => {
  it('serves /auth/info', async () => {
    const response = await call('GET', '/auth/info?withSecrets=false');
    expect(response.json).toEqual({ authIdentifier: 'admin', associatedDSSUser: 'admin', groups: ['administrators'] });
  });

  it('serves /instance-info', async () => {
    const response = await call('GET', '/instance-info');
    expect(response.json).toEqual({ nodeId: 'dss-emulator', nodeName: 'DSS emulator', nodeType: 'DESIGN', dssVersion: '14.3.0' });
  });
});

describe('connections', () => {
  function get(agent: Agent, url: string): Promise<{ response: IncomingMessage; reused: boolean; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${url}/public/api/projects/`, { agent, headers: { Authorization: basic(API_KEY, '') } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ response, reused: request.reusedSocket, body });
        });
      });
      request.on('error', reject);
      request.end();
    });
  }

  it('keeps connections alive between requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, test.server.url);
      const second = await get(agent, test.server.url);
      expect(first.response.statusCode).toBe(200);
      expect(second.response.statusCode).toBe(200);
      expect(second.reused).toBe(true);
      expect(second.body).toBe(first.body);
    } finally {
      agent.destroy();
    }
  });

  it('keeps an idle connection open for 75 s, as the nginx in front of DSS does, not the 5 s of Node', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, test.server.url);
      expect(first.response.headers['keep-alive']).toBe('timeout=75');
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const second = await get(agent, test.server.url);
      expect(second.response.statusCode).toBe(200);
      expect(second.reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('closes even while a keep-alive connection is open', async () => {
    const server = await startEmulatorServer({ apiKey: API_KEY });
    const agent = new Agent({ keepAlive: true });
    try {
      const { response } = await get(agent, server.url);
      expect(response.statusCode).toBe(200);
      await server.close();
      await server.close();
      await expect(get(agent, server.url)).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it('binds to loopback only', async () => {
    await expect(startEmulatorServer({ host: '0.0.0.0' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(startEmulatorServer({ port: 70000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(test.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves an existing emulator on IPv6 loopback', async () => {
    const server = await startEmulatorServer({ host: '::1', emulator: test.emulator });
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(server.emulator).toBe(test.emulator);
      const response = await fetch(`${server.url}/public/api/projects/`, { headers: { Authorization: basic(API_KEY, '') } });
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('reports a port already in use', async () => {
    await expect(startEmulatorServer({ port: test.server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
