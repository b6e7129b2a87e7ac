import { type PostgresServer, startPostgresServer } from '@dataiku-iac/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeState, withChange } from './__fixtures__/test-database.js';
import { PostgresBackend } from './postgres-backend.js';

/** A server of this file's own: the test stops it. */
let own: PostgresServer;
const PASSWORD = 'restart-test-password';

beforeAll(async () => {
  own = await startPostgresServer({ settings: { fsync: 'off' } });
  await own.query(`CREATE ROLE iac LOGIN PASSWORD '${PASSWORD}'`);
  await own.query('CREATE DATABASE iac OWNER iac');
});

afterAll(async () => {
  await own.close();
});

/**
 * Saves are paused by a trigger that sleeps until the server's shutdown ends the session. (Not an
 * advisory lock held by another session: shutdown ends that session too, maybe first, and the
 * save could then commit before its own session ends.)
 */
const PAUSE = `CREATE FUNCTION public.pause_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(3600); RETURN NULL; END $$`;

describe('PostgresBackend when the server stops in the middle of a save', () => {
  it('fails with one clear error, keeps the previous version intact, and works again after a restart', async () => {
    const warnings: string[] = [];
    const backend = new PostgresBackend({ url: own.url('iac', PASSWORD, 'iac'), environment: 'prod', onWarning: (message) => warnings.push(message) });
    const original = largeState(300);
    await backend.save(original);
    let changed = original;
    for (let index = 0; index < 40; index++) changed = withChange(changed, `dataset.P${index}.d${index}`, { description: `v2 ${index}` });
    changed.removeResource('dataset.P49.d299');

    // The save stops after retiring the changed rows, before its first INSERT.
    await own.query(PAUSE, [], 'iac');
    await own.query('CREATE TRIGGER pause_for_test BEFORE INSERT ON dataiku_iac.resources FOR EACH STATEMENT EXECUTE FUNCTION public.pause_for_test()', [], 'iac');
    const saving = backend.save(changed).then(
      () => undefined,
      (error: unknown) => error as Error & { code: string; hint: string },
    );
    await waitUntil(savePaused);
    await own.stop();

    const error = await saving;
    expect(error).toMatchObject({ code: 'BACKEND_UNAVAILABLE', hint: 'nothing was saved: the stored state is as it was' });
    expect(error?.message).toMatch(/^PostgreSQL state backend postgres:\/\/iac@127\.0\.0\.1:\d+\/iac \(schema dataiku_iac, environment prod\): the connection to the server was lost \([^\n]+\)$/);
    expect(error?.message).not.toContain(PASSWORD);

    await own.start();
    await own.query('DROP TRIGGER pause_for_test ON dataiku_iac.resources', [], 'iac');
    const fresh = new PostgresBackend({ url: own.url('iac', PASSWORD, 'iac'), environment: 'prod' });
    expect((await fresh.load()).toJSON()).toEqual(original.toJSON());
    expect((await fresh.history()).map((version) => version.serial)).toEqual([1]);
    // The same backend works again: new connections replace the lost ones. The lock row the cut
    // save left is taken over: the session that held it is gone.
    expect(await backend.save(changed)).toMatchObject({ written: true, serial: 2 });
    expect(warnings).toEqual([expect.stringMatching(/^took over the lock of .* \(pid \d+, save\) since .*: its database session had ended$/)]);
    expect((await backend.load()).toJSON()).toEqual(changed.toJSON());
    expect((await fresh.load()).size).toBe(299);

    // Cut during the commit itself, the save cannot know whether it was committed, and says so.
    await own.query('CREATE CONSTRAINT TRIGGER pause_at_commit AFTER INSERT ON dataiku_iac.state_versions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.pause_for_test()', [], 'iac');
    const committing = backend.save(withChange(changed, 'dataset.P0.d0', { description: 'v3' })).then(
      () => undefined,
      (error: unknown) => error as Error & { code: string; hint: string },
    );
    await waitUntil(savePaused);
    await own.stop();
    expect(await committing).toMatchObject({ code: 'BACKEND_UNAVAILABLE', hint: 'the save may or may not have been committed: load the state to see its serial' });
    await own.start();
    // Here the server rolled it back: it had not reached its commit record.
    expect((await fresh.load()).serial).toBe(2);
    await Promise.all([backend.close(), fresh.close()]);
  });
});

/** True while a save of the backend sleeps in pause_for_test(). */
async function savePaused(): Promise<boolean> {
  return (await own.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'dataiku-iac' AND wait_event = 'PgSleep'`, [], 'iac')).rowCount === 1;
}

/** Poll `condition` (bounded: a save that never blocks fails the test, it does not hang it). */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never became true');
}
