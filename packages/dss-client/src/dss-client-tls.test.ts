import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, KEY_FORMS } from '@dataiku-iac/test-utils';
import { DssConnectionError } from './errors/dss-connection-error.js';
import type { DssClientOptions } from './client-config.js';
import { DssClient } from './dss-client.js';

// No msw here: these tests need real sockets.

let directory: string;
let certFile: string;
let server: Server;
let host: string;
let served = 0;

async function listen(target: Server): Promise<number> {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
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
