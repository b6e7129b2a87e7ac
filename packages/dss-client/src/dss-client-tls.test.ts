import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, KEY_FORMS } from '@dataiku-iac/test-utils';
import { DssApiError } from './errors/dss-api-error.js';
import type { DssConfigError } from './errors/dss-config-error.js';
import { DssConnectionError } from './errors/dss-connection-error.js';
import type { DssClientOptions } from './client-config.js';
import { DssClient } from './dss-client.js';

// No msw here: these tests need real sockets.

let directory: string;
let certFile: string;
let server: Server;
let host: string;
let served = 0;

async function listen(target: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
}

async function close(target: Server | TcpServer): Promise<void> {
  if ('closeAllConnections' in target) target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function plainClient(url: string, options: DssClientOptions = {}): DssClient {
  return new DssClient({ host: url, apiKey: API_KEY, env: {}, retryDelayMs: 1, ...options });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'dss-tls-'));
  // A committed, long-lived self-signed certificate for 127.0.0.1 (see __fixtures__/tls/README.md).
  certFile = fileURLToPath(new URL('./__fixtures__/tls/cert.pem', import.meta.url));
  const keyFile = fileURLToPath(new URL('./__fixtures__/tls/key.pem', import.meta.url));
  server = createHttpsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (request, response) => {
    served++;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ authIdentifier: 'alice', url: request.url, basic: request.headers.authorization?.startsWith('Basic ') }));
  });
  host = `https://127.0.0.1:${await listen(server)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

async function withClient<T>(options: DssClientOptions, use: (client: DssClient) => Promise<T>): Promise<T> {
  const client = new DssClient({ host, apiKey: API_KEY, env: {}, retryDelayMs: 1, ...options });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('TLS options', () => {
  it('rejects a self-signed certificate by default, naming the certificate problem', async () => {
    const before = served;
    const error = await withClient({}, async (client) => client.getAuthInfo().then(() => undefined, (reason: unknown) => reason as Error));
    expect(DssConnectionError.isInstance(error)).toBe(true);
    expect((error as DssConnectionError).failure).toBe('tls');
    expect((error as DssConnectionError).attempts).toBe(1);
    expect(error?.message).toMatch(new RegExp(`^cannot reach ${host.replace(/\./g, '\\.')}: TLS certificate not trusted \\(\\w+: .*certificate.*\\); set caFile`));
    expect(KEY_FORMS.filter((form) => String(error?.stack).includes(form))).toEqual([]);
    expect(served).toBe(before);
  });

  it('gives the certificate problem without a remedy, for a caller to add its own flags', async () => {
    const error = await withClient({}, async (client) => rejection(client.getAuthInfo()));
    if (!DssConnectionError.isInstance(error)) throw error;
    expect(error.failure).toBe('tls');
    expect(error.detail).toMatch(/^TLS certificate not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate\)$/);
    expect(error.message).toContain(`${error.detail}; set caFile to trust its CA, or insecure to skip verification`);
  });

  it('accepts it with insecure: true', async () => {
    await expect(withClient({ insecure: true }, async (client) => client.getAuthInfo())).resolves.toEqual({
      authIdentifier: 'alice',
      url: '/public/api/auth/info?withSecrets=false',
      basic: true,
    });
  });

  it('accepts it when caFile trusts it', async () => {
    await expect(withClient({ caFile: certFile }, async (client) => client.getAuthInfo())).resolves.toMatchObject({ authIdentifier: 'alice' });
  });

  it('reports an unreadable or non-PEM caFile as a configuration error', () => {
    expect(() => new DssClient({ host, apiKey: API_KEY, env: {}, caFile: join(directory, 'missing.pem') })).toThrow(
      /^cannot read caFile .*missing\.pem: ENOENT$/,
    );
    const notPem = join(directory, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => new DssClient({ host, apiKey: API_KEY, env: {}, caFile: notPem })).toThrow(/holds no PEM certificate/);
  });

  it('names the caFile option and the problem separately', () => {
    const missing = join(directory, 'missing.pem');
    let error: DssConfigError | undefined;
    try {
      new DssClient({ host, apiKey: API_KEY, env: {}, caFile: missing });
    } catch (caught) {
      error = caught as DssConfigError;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', option: 'caFile', envVariable: undefined, problem: `cannot read ${missing}: ENOENT` });
  });
});

describe('real network failures', () => {
  it('names a refused connection and retries it', async () => {
    const closed = createHttpServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const client = new DssClient({ host: `http://127.0.0.1:${port}`, apiKey: API_KEY, env: {}, retries: 1, retryDelayMs: 1 });
    const error = await client.listProjectKeys().then(() => undefined, (reason: unknown) => reason as DssConnectionError);
    expect(error?.message).toBe(`cannot reach http://127.0.0.1:${port}: connection refused (GET /public/api/projects/, 2 attempts)`);
    expect(client.stats.requests).toBe(2);
  });

  it('retries a socket hang-up', async () => {
    let calls = 0;
    const flaky = createHttpServer((request, response) => {
      calls++;
      if (calls === 1) request.socket.destroy();
      else response.end(JSON.stringify([{ projectKey: 'A' }]));
    });
    const port = await listen(flaky);
    try {
      const client = new DssClient({ host: `http://127.0.0.1:${port}`, apiKey: API_KEY, env: {}, retryDelayMs: 1 });
      await expect(client.listProjectKeys()).resolves.toEqual(['A']);
      expect(calls).toBe(2);
    } finally {
      await new Promise((resolve) => flaky.close(resolve));
    }
  });
});

describe('permanent failures', () => {
  it('retries a refused connection, then names it (port 1, which Node\'s fetch refused to try, is tried)', async () => {
    const client = plainClient('http://127.0.0.1:1', { retries: 1 });
    const error = await rejection(client.listProjectKeys());
    expect(error.message).toBe('cannot reach http://127.0.0.1:1: connection refused (GET /public/api/projects/, 2 attempts)');
    expect(error).toMatchObject({ failure: 'network', attempts: 2 });
    expect(client.stats).toEqual({ requests: 2, inFlight: 0, maxInFlight: 1 });
  });
});

describe('a URL scheme that does not match the server', () => {
  it('https:// against a plain-HTTP server: not retried, and says to use http://', async () => {
    let handled = 0;
    const plain = createHttpServer((_request, response) => {
      handled++;
      response.end('{}');
    });
    const port = await listen(plain);
    try {
      const client = plainClient(`https://127.0.0.1:${port}`);
      const error = await rejection(client.listProjectKeys());
      expect(error.message).toBe(
        `cannot reach https://127.0.0.1:${port}: the server does not speak TLS (SSL "wrong version number"); if DSS serves plain HTTP, use an http:// URL (GET /public/api/projects/)`,
      );
      expect(error).toMatchObject({ failure: 'network', attempts: 1 });
      expect(handled).toBe(0);
    } finally {
      await close(plain);
    }
  });

  it('https:// against a server that hangs up during the handshake: retried, and says what to check', async () => {
    let connections = 0;
    // Reads the TLS ClientHello, then closes: what a server that does not speak TLS may do.
    const hangUp = createTcpServer((socket) => {
      connections++;
      socket.once('data', () => socket.end());
    });
    const port = await listen(hangUp);
    try {
      const error = await rejection(plainClient(`https://127.0.0.1:${port}`, { retries: 1 }).listProjectKeys());
      expect(error.message).toBe(
        `cannot reach https://127.0.0.1:${port}: the connection closed during the TLS handshake; if DSS serves plain HTTP, use an http:// URL (GET /public/api/projects/, 2 attempts)`,
      );
      expect(connections).toBe(2);
    } finally {
      await close(hangUp);
    }
  });

  it('http:// against an HTTPS server that hangs up: says to check https://', async () => {
    const port = (server.address() as AddressInfo).port;
    const before = served;
    const error = await rejection(plainClient(`http://127.0.0.1:${port}`, { retries: 1 }).listProjectKeys());
    expect(error.message).toBe(
      `cannot reach http://127.0.0.1:${port}: the connection closed unexpectedly (socket hang-up); if DSS serves HTTPS, use an https:// URL (GET /public/api/projects/, 2 attempts)`,
    );
    expect(served).toBe(before);
  });

  it('http:// answered by the 400 page of a proxy\'s HTTPS port: says to check https://', async () => {
    const page = '<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head><body><center><h1>400 Bad Request</h1></center><center>The plain HTTP request was sent to HTTPS port</center><hr><center>nginx</center></body></html>';
    const proxy = createHttpServer((_request, response) => {
      response.writeHead(400, { 'content-type': 'text/html' });
      response.end(page);
    });
    const port = await listen(proxy);
    try {
      const error = await rejection(plainClient(`http://127.0.0.1:${port}`).listProjectKeys());
      if (!DssApiError.isInstance(error)) throw error;
      expect(error.status).toBe(400);
      expect(error.attempts).toBe(1);
      expect(error.message).toMatch(/^GET \/public\/api\/projects\/ failed with 400 Bad Request: 400 The plain HTTP request was sent to HTTPS port .*nginx \(if DSS serves HTTPS, use an https:\/\/ URL\)$/);
    } finally {
      await close(proxy);
    }
  });

  it('suggests no other scheme once the server has answered', async () => {
    let calls = 0;
    const flaky = createHttpServer((request, response) => {
      calls++;
      if (calls === 1) response.end('[]');
      else request.socket.destroy();
    });
    const port = await listen(flaky);
    try {
      const client = plainClient(`http://127.0.0.1:${port}`, { retries: 0 });
      await expect(client.listProjectKeys()).resolves.toEqual([]);
      const error = await rejection(client.listProjectKeys());
      expect(error.message).toBe(`cannot reach http://127.0.0.1:${port}: the connection closed unexpectedly (socket hang-up) (GET /public/api/projects/)`);
    } finally {
      await close(flaky);
    }
  });

  it('gives a DSS 400 over http:// no such advice', async () => {
    const dss = createHttpServer((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errorType: 'x.IllegalArgumentException', message: 'bad TLS setting' }));
    });
    const port = await listen(dss);
    try {
      const error = await rejection(plainClient(`http://127.0.0.1:${port}`).listProjectKeys());
      expect(error.message).toBe('GET /public/api/projects/ failed with 400 Bad Request: IllegalArgumentException: bad TLS setting');
    } finally {
      await close(dss);
    }
  });
});

describe('timeouts on real sockets', () => {
  it('covers reading the body: a body that stops mid-way times out and is retried', async () => {
    // A client whose timeout stopped at the headers would wait here forever.
    const stalling = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[{"projectKey": "A"'); // and never ends
    });
    const port = await listen(stalling);
    try {
      const client = plainClient(`http://127.0.0.1:${port}`, { retries: 1, timeoutMs: 500 });
      const error = await rejection(client.listProjectKeys());
      expect(error.message).toBe('GET /public/api/projects/ timed out after 500 ms (2 attempts)');
      expect(error).toMatchObject({ failure: 'timeout', attempts: 2 });
      expect(client.stats).toEqual({ requests: 2, inFlight: 0, maxInFlight: 1 });
    } finally {
      await close(stalling);
    }
  });
});
