import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expectError, sampleState, superuserQuery, useBackends } from './__fixtures__/test-database.js';

const backends = useBackends();

async function lockRows(): Promise<Record<string, unknown>[]> {
  return superuserQuery(`SELECT environment, id, pid, host, user_name, operation, created, session_pid FROM "${backends.schema}".locks`);
}

/** End the database session of the current lock holder, as a crash or a lost connection would. */
async function endHolderSession(): Promise<void> {
  const [row] = await lockRows();
  await superuserQuery('SELECT pg_terminate_backend($1::integer, 30000)', [row?.session_pid]);
}

describe('PostgresBackend lock', () => {
  it('records who holds it, refuses every other holder, and frees it on release', async () => {
    const holder = backends.create();
    const handle = await holder.lock('sync');
    expect(handle.info).toMatchObject({ pid: process.pid, host: hostname(), user: userInfo().username, operation: 'sync' });
    expect(await lockRows()).toEqual([
      { environment: 'prod', id: handle.info.id, pid: process.pid, host: hostname(), user_name: userInfo().username, operation: 'sync', created: handle.info.created, session_pid: expect.any(Number) as number },
    ]);
    const other = backends.create();
    const error = await expectError(other.lock('apply'), 'STATE_LOCKED', `state is locked by ${userInfo().username}@${hostname()} (pid ${process.pid}, sync) since ${handle.info.created} (id ${handle.info.id})`);
    expect(error).toMatchObject({ lock: handle.info, path: holder.location });
    expect((error as Error & { hint: string }).hint).toContain(`force the unlock of lock ${handle.info.id}`);
    await expectError(other.save(sampleState()), 'STATE_LOCKED');
    await expectError(holder.lock('again'), 'INVALID_ARGUMENT', /already holds the lock/);
    // The holder's own saves run under its lock.
    expect(await holder.save(sampleState())).toMatchObject({ written: true, serial: 1 });
    await handle.release();
    await handle.release();
    expect(await lockRows()).toEqual([]);
    const next = await other.lock('apply');
    await next.release();
    expect(backends.warnings).toEqual([]);
  });

  it('locks each environment apart', async () => {
    const prod = await backends.create().lock('sync');
    const dev = await backends.create({ environment: 'dev' }).lock('sync');
    await Promise.all([prod.release(), dev.release()]);
  });

  it('waits for the holder up to the timeout', async () => {
    const first = await backends.create().lock('sync');
    const waiting = backends.create().lock('apply', { timeoutMs: 120_000 });
    const saver = backends.create({ lockTimeoutMs: 120_000 });
    const saving = saver.save(sampleState());
    await first.release();
    const second = await waiting;
    expect(second.info.operation).toBe('apply');
    await second.release();
    expect(await saving).toMatchObject({ written: true });
  });

  it("is freed as soon as the holder's database session ends, and the next holder is told", async () => {
    const holder = backends.create();
    const handle = await holder.lock('sync');
    await endHolderSession();
    const next = await backends.create().lock('apply');
    expect(backends.warnings).toEqual([
      `took over the lock of ${userInfo().username}@${hostname()} (pid ${process.pid}, sync) since ${handle.info.created} (id ${handle.info.id}): its database session had ended`,
    ]);
    // The old holder learns it lost its session when it tries to save: nothing is written.
    const error = await expectError(holder.save(sampleState()), 'BACKEND_UNAVAILABLE', /the connection to the server was lost \(terminating connection due to administrator command\)$/);
    expect((error as Error & { hint: string }).hint).toBe('nothing was saved: the stored state is as it was');
    await handle.release();
    expect(await lockRows()).toEqual([expect.objectContaining({ id: next.info.id })]);
    await next.release();
    expect(await holder.history()).toEqual([]);
  });

  it('force-unlocks only the lock with the given id, ending a holder that still runs', async () => {
    const stranger = backends.create();
    await expectError(stranger.forceUnlock('any'), 'LOCK_INVALID', `lock ${stranger.location}: no lock is held`);
    const holder = backends.create();
    const handle = await holder.lock('apply');
    await expectError(stranger.forceUnlock('wrong'), 'LOCK_INVALID', `the lock is held with id ${handle.info.id}, not wrong`);
    await stranger.forceUnlock(handle.info.id);
    expect(await lockRows()).toEqual([]);
    await expectError(stranger.forceUnlock(handle.info.id), 'LOCK_INVALID', /no lock is held$/);
    const next = await backends.create().lock('sync');
    await expectError(holder.save(sampleState()), 'BACKEND_UNAVAILABLE');
    await next.release();
    await handle.release();
    expect(backends.warnings).toEqual([]);
  });

  it('refuses a lock held by a session that left no record of its holder', async () => {
    const handle = await backends.create().lock('sync');
    await superuserQuery(`DELETE FROM "${backends.schema}".locks`);
    const error = await expectError(backends.create().lock('apply', { timeoutMs: 0 }), 'LOCK_INVALID', /the lock is held by a database session that left no record of its holder$/);
    expect(error).toMatchObject({ hint: 'if no dataiku-iac command is running, end the sessions named dataiku-iac in pg_stat_activity' });
    await handle.release();
    await (await backends.create().lock('apply')).release();
  });

  it('releases the lock when the backend closes', async () => {
    const holder = backends.create();
    await holder.lock('sync');
    await holder.close();
    const next = await backends.create().lock('sync');
    await next.release();
  });
});
