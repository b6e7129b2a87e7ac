import type pg from 'pg';
import type { Tables } from './tables.js';

/**
 * The statements of each schema version, oldest first. Never edit a released one: add a version.
 *
 * A resource row holds one version of a resource for a range of serials: from `since` (the save
 * that wrote it) until `until` (the save that changed or removed it; null while current). A save
 * writes only the rows of what changed, and any kept version is the rows whose range holds its
 * serial.
 */
const MIGRATIONS: readonly ((tables: Tables) => readonly string[])[] = [
  (t) => [
    `CREATE TABLE ${t.environments} (
      name text PRIMARY KEY,
      serial bigint NOT NULL,
      write_id text NOT NULL
    )`,
    `CREATE TABLE ${t.versions} (
      environment text NOT NULL,
      serial bigint NOT NULL,
      lineage text,
      format_version integer NOT NULL,
      state_environment text NOT NULL,
      updated_at text NOT NULL,
      resource_count integer NOT NULL,
      PRIMARY KEY (environment, serial)
    )`,
    `CREATE TABLE ${t.resources} (
      environment text NOT NULL,
      resource_id text NOT NULL,
      since bigint NOT NULL,
      until bigint,
      resource_type text NOT NULL,
      attributes text NOT NULL,
      checksum text NOT NULL,
      deployed_at text NOT NULL,
      deployed_by text NOT NULL,
      dataiku_internal_id text,
      managed boolean NOT NULL,
      PRIMARY KEY (environment, resource_id, since)
    )`,
    `CREATE UNIQUE INDEX resources_current ON ${t.resources} (environment, resource_id) WHERE until IS NULL`,
    `CREATE INDEX resources_retired ON ${t.resources} (environment, until) WHERE until IS NOT NULL`,
    `CREATE TABLE ${t.locks} (
      environment text PRIMARY KEY,
      id text NOT NULL,
      pid integer NOT NULL,
      host text NOT NULL,
      user_name text NOT NULL,
      operation text NOT NULL,
      created text NOT NULL,
      session_pid integer NOT NULL
    )`,
    `CREATE TABLE ${t.journal} (
      environment text NOT NULL,
      position bigint GENERATED ALWAYS AS IDENTITY,
      record json NOT NULL CHECK (json_typeof(record) = 'object'),
      PRIMARY KEY (environment, position)
    )`,
  ],
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of the tables; 0 when there are none. */
export async function readSchemaVersion(client: pg.ClientBase, tables: Tables): Promise<number> {
  const { rows } = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [tables.migrations]);
  if (rows[0]?.present !== true) return 0;
  const result = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${tables.migrations}`);
  return result.rows[0]?.version ?? 0;
}

/**
 * Bring the tables up to `SCHEMA_VERSION`, in one transaction, under a lock that makes concurrent
 * first uses wait for each other. Returns the version found before: a newer one is left untouched.
 */
export async function migrate(client: pg.ClientBase, tables: Tables, migrationLockKey: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${tables.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const found = await readSchemaVersion(client, tables);
    for (let version = found + 1; version <= SCHEMA_VERSION; version++) {
      for (const statement of (MIGRATIONS[version - 1] as (tables: Tables) => readonly string[])(tables)) await client.query(statement);
      await client.query(`INSERT INTO ${tables.migrations} (version) VALUES ($1)`, [version]);
    }
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
