import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { server } from './__fixtures__/test-database.js';
import { PostgresBackend } from './postgres-backend.js';

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

function urlWith(change: (url: URL) => void): string {
  const url = new URL(server.url);
  change(url);
  return url.href;
}

const operations: [string, (backend: PostgresBackend) => Promise<unknown>][] = [
  ['load', (backend) => backend.load()],
  ['save', (backend) => backend.save(new State({ environment: 'prod' }))],
  ['lock', (backend) => backend.lock('sync')],
  ['history', (backend) => backend.history()],
  ['journal.append', (backend) => backend.journal.append([{ step: 1 }])],
];

describe('PostgresBackend when the database cannot be used', () => {
  it.each([
    ['a wrong password', () => urlWith((url) => (url.password = 'wrong-password')), 'login refused for user "iac": wrong password', 'check the password in the URL, in PGPASSWORD or in ~/.pgpass'],
    ['an unknown database', () => urlWith((url) => (url.pathname = '/no_such_db')), 'database "no_such_db" does not exist', 'create it (CREATE DATABASE no_such_db OWNER iac) or correct the URL'],
    ['no password', () => urlWith((url) => (url.password = '')), 'the server asks a password for user "iac" and none was given', 'give it in the URL, in PGPASSWORD or in ~/.pgpass'],
    ['a server that requires TLS', () => server.tlsOnlyUrl, 'the server accepts only encrypted connections (TLS)', 'add sslmode=require (or sslmode=verify-full) to the URL'],
    ['TLS asked of a server without it', () =>
        urlWith((url) => {
          url.searchParams.set('sslmode', 'require');
        }), 'the server does not accept encrypted connections (TLS)', 'remove sslmode from the URL, or enable ssl on the server'],
  ])('reports %s in one line with a hint, never the password', async (_, url, reason, hint) => {
    const backend = new PostgresBackend({ url: url(), environment: 'prod', env: {} });
    try {
      for (const [name, operation] of operations) {
        const error = await operation(backend).then(
          () => undefined,
          (caught: unknown) => caught as Error & { code: string; hint: string },
        );
        expect(error, name).toMatchObject({ code: 'BACKEND_UNAVAILABLE', hint });
        expect(error?.message).toBe(`PostgreSQL state backend ${backend.location}: ${reason}`);
        for (const text of [error?.message, error?.hint, String(error), inspect(error, { depth: 10 }), JSON.stringify(error)]) {
          expect(text).not.toContain(server.password);
          expect(text).not.toContain('tls-only-password');
        }
      }
    } finally {
      await backend.close();
    }
  });

  it('reports an unreachable host in one line', async () => {
    const port = await closedPort();
    const backend = new PostgresBackend({ url: `postgres://iac:${encodeURIComponent(server.password)}@127.0.0.1:${port}/iac`, environment: 'prod' });
    const error = await backend.load().then(
      () => undefined,
      (caught: unknown) => caught as Error & { hint: string },
    );
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE', hint: 'check that PostgreSQL runs there and listens on that port' });
    expect(error?.message).toBe(`PostgreSQL state backend postgres://iac@127.0.0.1:${port}/iac (schema dataiku_iac, environment prod): cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(inspect(error, { depth: 10 })).not.toContain(server.password);
    await backend.close();
  });

  it('reads the password from PGPASSWORD when the URL has none', async () => {
    const backend = new PostgresBackend({ url: urlWith((url) => (url.password = '')), environment: 'prod', schema: 'pgpassword_test', env: { PGPASSWORD: server.password } });
    expect(await backend.history()).toEqual([]);
    await backend.close();
  });
});
