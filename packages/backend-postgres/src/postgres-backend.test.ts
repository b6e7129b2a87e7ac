import { inspect } from 'node:util';
import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { expectError, largeState, sampleState, server, superuserQuery, useBackends, withChange } from './__fixtures__/test-database.js';
import { PostgresBackend } from './postgres-backend.js';

const backends = useBackends();

/** The resource rows of an environment, as (id, since, until). */
async function rows(environment = 'prod'): Promise<{ resource_id: string; since: number; until: number | null }[]> {
  return superuserQuery(`SELECT resource_id, since::float8 AS since, until::float8 AS until FROM "${backends.schema}".resources WHERE environment = $1 ORDER BY resource_id, since`, [environment]);
}

describe('PostgresBackend options', () => {
  it.each(["prod'; DROP TABLE x; --", 'a"b', '', 'x'.repeat(65)])('rejects environment %j before connecting to anything', (environment) => {
    // Port 1 of 127.0.0.1: a query would fail with BACKEND_UNAVAILABLE, not INVALID_ARGUMENT.
    expect(() => new PostgresBackend({ url: 'postgres://u@127.0.0.1:1/d', environment })).toThrow(/^invalid environment name/);
  });

  it('rejects a bad schema name, history length or lock timeout', () => {
    expect(() => backends.create({ schema: 'Bad-Name' })).toThrow(/^invalid schema name "Bad-Name"/);
    expect(() => backends.create({ historyToKeep: -1 })).toThrow('historyToKeep must be a whole number >= 0, not -1');
    expect(() => backends.create({ lockTimeoutMs: Number.NaN })).toThrow('lockTimeoutMs must be >= 0, not NaN');
  });

  it('takes the schema from the option, else from the URL, else dataiku_iac', () => {
    expect(backends.create().schema).toBe(backends.schema);
    const url = new URL(server.url);
    url.searchParams.set('schema', 'from_url');
    expect(new PostgresBackend({ url: url.href, environment: 'prod' }).schema).toBe('from_url');
    expect(new PostgresBackend({ url: server.url, environment: 'prod' }).schema).toBe('dataiku_iac');
  });

  it('names its location without the password, and never holds it where it could be printed', () => {
    const backend = backends.create({ environment: 'eu-1' });
    expect(backend.location).toBe(`postgres://iac@127.0.0.1:${server.port}/iac (schema ${backends.schema}, environment eu-1)`);
    expect(inspect(backend, { depth: 10, showHidden: true })).not.toContain(server.password);
    expect(JSON.stringify(backend)).not.toContain(server.password);
  });
});

describe('PostgresBackend load and save', () => {
  it('stores a state and loads it back identical, validated and verified', async () => {
    const backend = backends.create();
    const state = sampleState();
    const result = await backend.save(state);
    expect(result).toMatchObject({ written: true, serial: 1, location: backend.location });
    expect(result.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.previousVersion).toBeUndefined();
    expect(state.serial).toBe(1);
    expect(state.lineage).toBe(result.lineage);
    const loaded = await backends.create().load();
    expect(loaded.toJSON()).toEqual(state.toJSON());
    expect(loaded.getResource('dataset.SALES.orders')?.metadata.managed).toBe(true);
  });

  it('creates no table until something is written, and says when there is no state', async () => {
    const backend = backends.create();
    await expectError(backend.load(), 'STATE_NOT_FOUND', `state file not found: ${backend.location}`);
    expect(await backend.history()).toEqual([]);
    await expectError(backend.loadVersion(1), 'STATE_NOT_FOUND');
    expect(await backend.journal.read()).toEqual([]);
    expect(await superuserQuery('SELECT to_regnamespace($1) AS schema', [backends.schema])).toEqual([{ schema: null }]);
    await backend.save(sampleState());
    const other = backends.create({ environment: 'staging' });
    await expectError(other.load(), 'STATE_NOT_FOUND');
    await expectError(other.loadVersion(1), 'STATE_NOT_FOUND', /serial 1$/);
  });

  it('writes nothing when the content is unchanged, whether this backend loaded it or not', async () => {
    await backends.create().save(sampleState());
    const before = await rows();
    // A backend that loaded the state knows what is stored…
    const knowing = backends.create();
    const loaded = await knowing.load();
    expect(await knowing.save(loaded)).toMatchObject({ written: false, serial: 1 });
    // …one that did not compares with the stored rows.
    const stranger = backends.create();
    const copy = sampleState();
    copy.lineage = loaded.lineage;
    copy.serial = 1;
    copy.updatedAt = '2020-01-01T00:00:00.000+00:00';
    expect(await stranger.save(copy)).toMatchObject({ written: false, serial: 1 });
    expect(copy.updatedAt).toBe('2020-01-01T00:00:00.000+00:00');
    expect(await rows()).toEqual(before);
    expect(await stranger.history()).toHaveLength(1);
  });

  it('writes only the rows of resources that changed, added or removed', async () => {
    const backend = backends.create();
    const state = largeState(1000);
    await backend.save(state);
    const changed = withChange(state, 'dataset.P1.d1', { description: 'changed' });
    changed.removeResource('dataset.P2.d2');
    changed.addResource(new Resource({ resourceId: 'dataset.NEW.d', attributes: { type: 'new' } }));
    // Once from a backend that knows what it saved, once from one that does not.
    expect(await backend.save(changed)).toMatchObject({ written: true, serial: 2, previousVersion: `serial 1 in the history of ${backend.location}` });
    const next = withChange(changed, 'dataset.P3.d3', { description: 'again' });
    expect(await backends.create().save(next)).toMatchObject({ written: true, serial: 3 });
    const all = await rows();
    expect(all).toHaveLength(1000 + 2 + 1);
    expect(all.filter((row) => row.since === 2).map((row) => row.resource_id)).toEqual(['dataset.NEW.d', 'dataset.P1.d1']);
    expect(all.filter((row) => row.until === 2).map((row) => row.resource_id)).toEqual(['dataset.P1.d1', 'dataset.P2.d2']);
    expect(all.filter((row) => row.since === 3 || row.until === 3).map((row) => [row.resource_id, row.since, row.until])).toEqual([
      ['dataset.P3.d3', 1, 3],
      ['dataset.P3.d3', 3, null],
    ]);
    expect((await backends.create().load()).toJSON()).toEqual(next.toJSON());
    // Removing everything retires every row at once.
    const empty = new State({ environment: 'prod', serial: 3, lineage: next.lineage });
    expect(await backend.save(empty)).toMatchObject({ written: true, serial: 4 });
    expect((await backends.create().load()).size).toBe(0);
    expect((await rows()).filter((row) => row.until === null)).toEqual([]);
  });

  it('refuses to overwrite a newer serial, another lineage, and a force overrides', async () => {
    const first = backends.create();
    await first.save(sampleState());
    const a = await backends.create().load();
    const b = await backends.create().load();
    await backends.create().save(withChange(a, 'project.SALES', { name: 'a' }));
    const stale = withChange(b, 'project.SALES', { name: 'b' });
    const error = await expectError(backends.create().save(stale), 'STATE_CONFLICT', /it has serial 2, newer than this state's serial 1 \(another run saved it meanwhile\); load it again and retry$/);
    expect(error.message).toContain(`refusing to overwrite state file ${first.location}`);
    const foreign = sampleState();
    foreign.lineage = '00000000-0000-4000-8000-000000000000';
    foreign.serial = 9;
    await expectError(backends.create().save(foreign), 'STATE_CONFLICT', /it belongs to lineage [0-9a-f-]{36} and this state to lineage 00000000-0000-4000-8000-000000000000; force the save to replace it/);
    expect((await backends.create().load()).getResource('project.SALES')?.attributes).toMatchObject({ name: 'a' });
    expect(await backends.create().save(stale, { force: true })).toMatchObject({ written: true, serial: 3 });
    expect(await backends.create().save(foreign, { force: true })).toMatchObject({ written: true, serial: 10, lineage: foreign.lineage });
  });

  it('refuses an invalid state before writing anything', async () => {
    const backend = backends.create();
    await backend.save(sampleState());
    const bad = sampleState();
    bad.lineage = (await backend.load()).lineage;
    bad.serial = 1;
    const good = bad.getResource('project.SALES') as Resource;
    bad.addResource(new Resource({ resourceId: good.resourceId, attributes: { name: 'x' }, metadata: { checksum: good.metadata.checksum } }));
    await expectError(backend.save(bad), 'STATE_WRITE', /the state to save is invalid: \/resources\/project\.SALES\/metadata\/checksum: does not match the attributes/);
    const notJson = new State({ environment: 'prod', lineage: bad.lineage, serial: 1 });
    notJson.addResource(new Resource({ resourceId: 'project.NAN', attributes: { ratio: Number.NaN }, metadata: { checksum: 'a'.repeat(64) } }));
    await expectError(backend.save(notJson), 'STATE_WRITE', /\/resources\/project\.NAN\/attributes: .*NaN/);
    const badEnvironment = new State({ environment: 'bad env' });
    await expectError(backends.create({ environment: 'other' }).save(badEnvironment), 'STATE_WRITE', /\/environment: /);
    expect(await backend.history()).toHaveLength(1);
    expect(await backends.create({ environment: 'other' }).history()).toEqual([]);
  });

  it('rolls back the batches already inserted when a later resource is invalid', async () => {
    const backend = backends.create();
    const state = largeState(2500);
    const last = state.getResource('dataset.P49.d2499') as Resource;
    state.addResource(new Resource({ resourceId: last.resourceId, attributes: { changed: true }, metadata: { ...last.metadata } }));
    await expectError(backend.save(state), 'STATE_WRITE', /the state to save is invalid: \/resources\/dataset\.P49\.d2499\/metadata\/checksum: does not match/);
    await expectError(backend.load(), 'STATE_NOT_FOUND');
    expect(await rows()).toEqual([]);
  });

  it('rolls back a save whose commit fails, and says why', async () => {
    const backend = backends.create();
    await backend.save(sampleState());
    const schema = `"${backends.schema}"`;
    await superuserQuery(`CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
    await superuserQuery(`CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON ${schema}.state_versions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse()`);
    const original = await backend.load();
    await expectError(backend.save(withChange(original, 'project.SALES', { name: 'x' })), 'STATE_WRITE', `cannot write state file ${backend.location}: refused at commit`);
    expect((await backend.load()).toJSON()).toEqual(original.toJSON());
    expect(await backend.history()).toHaveLength(1);
  });

  it('keeps environments and schemas apart', async () => {
    await backends.create({ environment: 'dev' }).save(sampleState('dev'));
    await backends.create({ environment: 'prod' }).save(largeState(5));
    expect((await backends.create({ environment: 'dev' }).load()).size).toBe(3);
    expect((await backends.create({ environment: 'prod' }).load()).size).toBe(5);
    await expectError(backends.create({ environment: 'prod', schema: `${backends.schema}_b` }).load(), 'STATE_NOT_FOUND');
  });

  it('lets several processes create the tables at once', async () => {
    const states = ['a', 'b', 'c', 'd', 'e'].map((environment) => ({ environment, backend: backends.create({ environment }) }));
    const results = await Promise.all(states.map(({ environment, backend }) => backend.save(sampleState(environment))));
    expect(results.map((result) => result.serial)).toEqual([1, 1, 1, 1, 1]);
    expect(await superuserQuery(`SELECT version FROM "${backends.schema}".schema_migrations`)).toEqual([{ version: 1 }]);
  });
});

describe('PostgresBackend history', () => {
  it('keeps the newest N previous versions and the rows they need, and loads any of them verified', async () => {
    const backend = backends.create({ historyToKeep: 3 });
    let state = largeState(20);
    await backend.save(state);
    for (let round = 1; round <= 5; round++) {
      state = withChange(state, `dataset.P${round}.d${round}`, { round });
      if (round === 4) state.removeResource('dataset.P10.d10');
      await backend.save(state);
    }
    const history = await backend.history();
    expect(history.map((version) => [version.serial, version.current, version.resourceCount])).toEqual([
      [6, true, 19],
      [5, false, 19],
      [4, false, 20],
      [3, false, 20],
    ]);
    expect(history[0]?.lineage).toBe(state.lineage);
    expect(history[0]?.updatedAt).toBe(state.updatedAt);
    const third = await backend.loadVersion(3);
    expect(third.serial).toBe(3);
    expect(third.getResource('dataset.P2.d2')?.attributes).toMatchObject({ round: 2 });
    expect(third.getResource('dataset.P3.d3')?.attributes).not.toHaveProperty('round');
    expect(third.hasResource('dataset.P10.d10')).toBe(true);
    expect((await backend.loadVersion(6)).toJSON()).toEqual(state.toJSON());
    await expectError(backend.loadVersion(2), 'STATE_NOT_FOUND', /serial 2$/);
    await expectError(backend.loadVersion(-1), 'INVALID_ARGUMENT');
    // Rows retired at or before serial 3 (d1 and d2's first versions) belong to no kept version.
    expect((await rows()).filter((row) => row.until !== null && row.until <= 3)).toEqual([]);
    expect(await rows()).toHaveLength(20 + 5 - 2);
  });

  it('keeps no previous version with historyToKeep 0', async () => {
    const backend = backends.create({ historyToKeep: 0 });
    await backend.save(sampleState());
    const result = await backend.save(withChange(await backend.load(), 'project.SALES', { name: 'b' }));
    expect(result.previousVersion).toBeUndefined();
    expect((await backend.history()).map((version) => version.serial)).toEqual([2]);
    expect(await rows()).toHaveLength(3);
  });
});

describe('PostgresBackend preserveSerial', () => {
  it('copies a state with its own serial, lineage and time, and refuses what would lose data', async () => {
    const source = sampleState();
    source.serial = 7;
    source.lineage = '11111111-1111-4111-8111-111111111111';
    source.updatedAt = '2026-01-02T03:04:05.678+00:00';
    const backend = backends.create();
    expect(await backend.save(source, { preserveSerial: true })).toMatchObject({ written: true, serial: 7, lineage: source.lineage });
    const stored = await backends.create().load();
    expect(stored.toJSON()).toEqual(source.toJSON());
    expect(await backends.create().save(sampleStateLike(source), { preserveSerial: true })).toMatchObject({ written: false, serial: 7 });
    await expectError(backends.create().save(withChange(source, 'project.SALES', { name: 'x' }), { preserveSerial: true }), 'STATE_CONFLICT', /it has serial 7 and this state, of the same serial or older, differs from it/);
    const older = sampleStateLike(source);
    older.serial = 6;
    await expectError(backends.create().save(older, { preserveSerial: true, force: true }), 'STATE_CONFLICT', /it has serial 7, newer than this state's serial 6$/);
    const foreign = sampleStateLike(source);
    foreign.lineage = '22222222-2222-4222-8222-222222222222';
    foreign.serial = 8;
    await expectError(backends.create().save(foreign, { preserveSerial: true, force: true }), 'STATE_CONFLICT', /belongs to lineage 1111.* and this state to lineage 2222[^;]*$/);
    const newer = withChange(source, 'project.SALES', { name: 'newer' });
    newer.serial = 12;
    expect(await backends.create().save(newer, { preserveSerial: true })).toMatchObject({ written: true, serial: 12 });
    expect((await backend.history()).map((version) => version.serial)).toEqual([12, 7]);
  });
});

function sampleStateLike(state: State): State {
  const copy = state.clone();
  copy.updatedAt = '2027-01-01T00:00:00.000+00:00';
  return copy;
}

describe('PostgresBackend verification on load', () => {
  let tampered = 0;

  /** A backend on a new environment whose stored state `sql` then changed (`$schema`, `$environment`). */
  async function tamper(sql: string): Promise<PostgresBackend> {
    const environment = `tampered${++tampered}`;
    await backends.create({ environment }).save(sampleState(environment));
    await superuserQuery(sql.replaceAll('$schema', `"${backends.schema}"`).replaceAll('$environment', `'${environment}'`));
    return backends.create({ environment });
  }

  it('finds attributes changed behind its back', async () => {
    const backend = await tamper(`UPDATE $schema.resources SET attributes = replace(attributes, 'finance', 'hacked') WHERE environment = $environment AND resource_id = 'project.SALES'`);
    const error = await expectError(backend.load(), 'STATE_CORRUPTED', /\/resources\/project\.SALES\/metadata\/checksum: does not match the attributes/);
    expect((error as Error & { hint?: string }).hint).toBe('the previous versions of this environment are kept in the database: restore the newest good one');
  });

  it('finds invalid metadata, lost rows and an invalid envelope', async () => {
    let backend = await tamper(`UPDATE $schema.resources SET deployed_at = 'yesterday' WHERE environment = $environment AND resource_id = 'project.SALES'`);
    await expectError(backend.load(), 'STATE_CORRUPTED', /project\.SALES: deployed_at "yesterday" is not an RFC 3339 timestamp/);
    backend = await tamper(`UPDATE $schema.resources SET resource_type = 'dataset' WHERE environment = $environment AND resource_id = 'project.SALES'`);
    await expectError(backend.load(), 'STATE_CORRUPTED', /\/resources\/project\.SALES: /);
    backend = await tamper(`DELETE FROM $schema.resources WHERE environment = $environment AND resource_id = 'project.SALES'`);
    await expectError(backend.load(), 'STATE_CORRUPTED', /\/resources: 2 resources are stored, the version records 3/);
    backend = await tamper(`UPDATE $schema.state_versions SET updated_at = 'now' WHERE environment = $environment`);
    await expectError(backend.load(), 'STATE_CORRUPTED', /\/updated_at: must be an RFC 3339 timestamp/);
    // A row whose range was stretched over its successor's: two versions of a resource in one state.
    backend = await tamper(`SELECT 1`);
    await backend.save(withChange(await backend.load(), 'project.SALES', { name: 'v2' }));
    await superuserQuery(`UPDATE "${backends.schema}".resources SET until = 3 WHERE environment = '${backend.environment}' AND until = 2`);
    await expectError(backend.loadVersion(2), 'STATE_CORRUPTED', /\/resources\/project\.SALES: stored twice/);
  });

  it('refuses a state written in a newer format, even by a forced save, and changes nothing', async () => {
    const backend = await tamper(`UPDATE $schema.state_versions SET format_version = 2 WHERE environment = $environment`);
    await expectError(backend.load(), 'STATE_VERSION_UNSUPPORTED', /state format version 2; this version reads format 1/);
    await expectError(backend.save(sampleState(backend.environment), { force: true }), 'STATE_VERSION_UNSUPPORTED');
    expect((await backend.history()).map((version) => version.serial)).toEqual([1]);
  });

  it('refuses tables of a newer schema version, telling to upgrade', async () => {
    const backend = await tamper(`INSERT INTO $schema.schema_migrations (version) VALUES (99)`);
    const error = await expectError(backend.load(), 'BACKEND_SCHEMA_UNSUPPORTED', /the tables are at schema version 99, newer than this version of dataiku-iac knows \(1\)$/);
    expect((error as Error & { hint?: string }).hint).toBe('upgrade dataiku-iac to use this database; nothing was changed');
    await expectError(backends.create().save(sampleState()), 'BACKEND_SCHEMA_UNSUPPORTED');
    await expectError(backends.create().journal.append([{ a: 1 }]), 'BACKEND_SCHEMA_UNSUPPORTED');
  });
});

describe('PostgresBackend close', () => {
  it('is idempotent and refuses later use', async () => {
    const backend = backends.create();
    await backend.close();
    await backend.close();
    await expectError(backend.load(), 'INVALID_ARGUMENT', /is closed$/);
  });
});
