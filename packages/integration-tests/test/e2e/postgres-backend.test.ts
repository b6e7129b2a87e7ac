import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EmulatorServer, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { type PostgresServer, startPostgresServer } from '@dataiku-iac/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../reliability/helpers.js';
import { type Connection, runCli, useWorkDirectory } from './run-cli.js';

/**
 * The command line on a PostgreSQL state (`--backend` or `DATAIKU_IAC_BACKEND`), against a real
 * throwaway server started here: every command works as on a file, `state migrate` copies between
 * the two, and a database that cannot be used is one line without the password.
 */

const PASSWORD = `pg-p'ss@:/${Date.now()}`;
let postgres: PostgresServer;
let emulator: EmulatorServer;
let connection: Connection;
let url: string;
const work = useWorkDirectory();

beforeAll(async () => {
  postgres = await startPostgresServer({ settings: { fsync: 'off' }, hba: ['hostssl all tls_only 127.0.0.1/32 scram-sha-256', 'host all postgres,iac 127.0.0.1/32 scram-sha-256'] });
  await postgres.query("CREATE ROLE iac LOGIN PASSWORD 'placeholder'");
  await postgres.query(`ALTER ROLE iac PASSWORD '${PASSWORD.replaceAll("'", "''")}'`);
  await postgres.query('CREATE DATABASE states OWNER iac');
  await postgres.query("CREATE ROLE tls_only LOGIN PASSWORD 'tls-only-password'");
  url = postgres.url('iac', PASSWORD, 'states');
  emulator = await startEmulatorServer({ seed: 'demo' });
  connection = { url: emulator.url, apiKey: emulator.emulator.apiKey };
}, 120_000);

afterAll(async () => {
  await emulator.close();
  await postgres.close();
});

const run = (argv: readonly string[], env: Record<string, string> = {}) => runInProcess(work.path, connection, argv, env);

describe('a PostgreSQL state', () => {
  it('sync, drift, show, history and restore work on it as on a file', async () => {
    const env = `e2e_${Date.now()}`;
    const synced = await run(['sync', '--project', 'CUSTOMER_ANALYTICS', '--backend', url, '--env', env]);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/Saved postgres:\/\/iac@127\.0\.0\.1:\d+\/states.* \(serial 1\): 9 added/);
    const viaVariable = { DATAIKU_IAC_BACKEND: url };
    expect((await run(['drift', '--env', env], viaVariable)).code).toBe(0);
    const { store } = emulator.emulator;
    store.putDataset('CUSTOMER_ANALYTICS', 'customers_prepared', { ...store.getDataset('CUSTOMER_ANALYTICS', 'customers_prepared'), description: 'changed' });
    expect((await run(['drift', '--env', env], viaVariable)).code).toBe(2);
    expect((await run(['sync', '--env', env], viaVariable)).stdout).toContain('(serial 2): 0 added, 0 removed, 1 modified');
    expect((await run(['show', '--env', env], viaVariable)).stdout).toMatch(/environment .*, serial 2/);
    const history = await run(['state', 'history', '--env', env], viaVariable);
    expect(history.stdout).toMatch(/serial {4}2 .* \(current\)\n {2}serial {4}1 /);
    expect((await run(['state', 'restore', '1', '--env', env], viaVariable)).stdout).toMatch(/^Restored serial 1 of .* as serial 3\.\n$/);
    expect((await run(['drift', '--env', env], viaVariable)).code).toBe(2);
  });

  it('state migrate copies a state between a file and the database, keeping lineage and serial, refusing another lineage', async () => {
    const env = `migrate_${Date.now()}`;
    await run(['sync', '--project', 'SALES_REPORTING', '--env', env]);
    const file = join(work.path, '.dataiku', 'state', `${env}.state.json`);
    const { lineage } = JSON.parse(await readFile(file, 'utf8')) as { lineage: string };
    const toDatabase = await run(['state', 'migrate', '--from', file, '--to', url, '--env', env]);
    expect(toDatabase.code).toBe(0);
    expect(toDatabase.stdout).toContain(`(serial 1, lineage ${lineage})`);
    const back = await run(['state', 'migrate', '--from', url, '--to', 'copy.json', '--env', env]);
    expect(back.stdout).toContain(`(serial 1, lineage ${lineage})`);
    expect((await run(['diff', file, 'copy.json'])).code).toBe(0);
    await run(['sync', '--project', 'SALES_REPORTING', '--state-file', 'other.json']);
    const refused = await run(['state', 'migrate', '--from', 'other.json', '--to', url, '--env', env]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: refusing to overwrite .*lineage/);
    expect(refused.stderr).not.toContain(PASSWORD);
  });

  it('apply keeps its journal and its state in the database', async () => {
    const env = `apply_${Date.now()}`;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(work.path, 'dataiku.yaml'), `version: 1\nprojects:\n  PG_APPLY:\n    name: Applied through PostgreSQL\n    datasets:\n      d: { type: Filesystem, params: { connection: filesystem_managed, path: "\${projectKey}/d" } }\n`);
    const applied = await run(['apply', '--auto-approve', '--backend', url, '--env', env]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 2 added');
    expect((await run(['plan', '--backend', url, '--env', env])).code).toBe(0);
    expect((await run(['show', '--journal', '--backend', url, '--env', env])).stdout).toMatch(/^No interrupted apply/);
  });

  it('a database that cannot be used is one line, exit 1, never with the password', async () => {
    const cases: [string, RegExp][] = [
      [postgres.url('iac', 'wrong-password', 'states'), /password/i],
      [postgres.url('iac', PASSWORD, 'nowhere'), /nowhere|does not exist/],
      [`postgres://iac:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/states`, /127\.0\.0\.1:1|refused|cannot reach/i],
      [postgres.url('tls_only', 'tls-only-password', 'states'), /TLS|SSL|encrypt/i],
    ];
    for (const [backend, problem] of cases) {
      const result = await run(['show', '--backend', backend]);
      expect(result.code, backend).toBe(1);
      expect(result.stderr, backend).toMatch(/^error: [^\n]+\n$/);
      expect(result.stderr, backend).toMatch(problem);
      expect(result.stderr + result.stdout, backend).not.toContain(PASSWORD);
      expect(result.stderr, backend).not.toContain('tls-only-password');
      expect(result.stderr, backend).not.toContain('wrong-password');
    }
    const spawned = await runCli(work.path, connection, ['sync', '--backend', postgres.url('iac', 'wrong-password', 'states')]);
    expect(spawned.code).toBe(1);
    expect(spawned.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(spawned.stderr).not.toContain('wrong-password');
  });

  it('an environment name with quotes or SQL is refused before any query', async () => {
    const result = await run(['show', '--backend', url, '--env', "x'; DROP TABLE states; --"]);
    expect(result).toMatchObject({ code: 1, stderr: 'error: invalid environment name "x\'; DROP TABLE states; --": use 1-64 letters, digits, "_" or "-"\n' });
  });
});
