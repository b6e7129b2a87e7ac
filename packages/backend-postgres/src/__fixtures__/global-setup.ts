import { randomBytes } from 'node:crypto';
import { type PostgresServer, startPostgresServer } from '@dataiku-iac/test-postgres';
import type { TestProject } from 'vitest/node';

/** What the tests learn of the shared server (see test-database.ts). */
export interface TestServerInfo {
  /** `postgres://iac:PASSWORD@127.0.0.1:PORT/iac`: the tests' user and database. */
  readonly url: string;
  readonly password: string;
  readonly port: number;
  /** The superuser, to look into or tamper with the tables. */
  readonly superuserUrl: string;
  /** A user whose logins must be encrypted (pg_hba.conf has only a `hostssl` line for it). */
  readonly tlsOnlyUrl: string;
  /** A user who may not create anything in the database: tests grant it what they need. */
  readonly readerUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestServerInfo;
  }
}

/**
 * One throwaway PostgreSQL server for the whole test run, on a free loopback port in a temporary
 * directory (see @dataiku-iac/test-postgres), stopped and deleted afterwards.
 */
let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgresServer({
    settings: { fsync: 'off', max_connections: '200' },
    hba: ['hostssl all tls_only 127.0.0.1/32 scram-sha-256', 'host all postgres,iac,reader 127.0.0.1/32 scram-sha-256'],
  });
  const password = `p'w"${randomBytes(9).toString('base64url')}@:/?`;
  await server.query("CREATE ROLE iac LOGIN PASSWORD 'placeholder'");
  await server.query(`ALTER ROLE iac PASSWORD ${quoteLiteral(password)}`);
  await server.query('CREATE DATABASE iac OWNER iac');
  await server.query("CREATE ROLE tls_only LOGIN PASSWORD 'tls-only-password'");
  await server.query("CREATE ROLE reader LOGIN PASSWORD 'reader-password'");
  project.provide('postgres', {
    url: server.url('iac', password, 'iac'),
    password,
    port: server.port,
    superuserUrl: server.url(server.superuser.user, server.superuser.password, 'iac'),
    tlsOnlyUrl: server.url('tls_only', 'tls-only-password', 'iac'),
    readerUrl: server.url('reader', 'reader-password', 'iac'),
  });
}

export async function teardown(): Promise<void> {
  await server?.close();
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
