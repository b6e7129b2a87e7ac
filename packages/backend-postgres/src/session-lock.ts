import { describeLockHolder, LockError, type LockInfo, newLockInfo, StateLockedError } from '@dataiku-iac/models';
import type pg from 'pg';
import type { AdvisoryKeys } from './advisory-keys.js';
import type { Session } from './session.js';
import type { Tables } from './tables.js';

export interface LockContext {
  readonly tables: Tables;
  readonly keys: AdvisoryKeys;
  readonly environment: string;
  readonly location: string;
  readonly onWarning: (message: string) => void;
}

const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 1_000;
/** How long forceUnlock waits for the holder's session to end. */
const TERMINATE_WAIT_MS = 30_000;

/**
 * Take the state lock on `session`: a session-level advisory lock, which the server frees when the
 * session ends however it ends (the holder exits, is killed, loses its connection), plus a row that
 * says who holds it. Both change together, inside transactions that hold the environment's guard
 * lock, so that no one sees the one without the other.
 * @throws StateLockedError (STATE_LOCKED) when another session holds it past `timeoutMs`
 */
export async function acquireLock(session: Session, context: LockContext, operation: string, timeoutMs: number): Promise<LockInfo> {
  const info = newLockInfo(operation);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const outcome = await session.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [context.keys.guard]);
      const { rows } = await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [context.keys.lock]);
      const row = await readLockRow(client, context);
      if (rows[0]?.acquired !== true) return { acquired: false, row } as const;
      await client.query(
        `INSERT INTO ${context.tables.locks} (environment, id, pid, host, user_name, operation, created, session_pid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, pg_backend_pid())
         ON CONFLICT (environment) DO UPDATE SET id = EXCLUDED.id, pid = EXCLUDED.pid, host = EXCLUDED.host, user_name = EXCLUDED.user_name,
           operation = EXCLUDED.operation, created = EXCLUDED.created, session_pid = EXCLUDED.session_pid`,
        [context.environment, info.id, info.pid, info.host, info.user, info.operation, info.created],
      );
      return { acquired: true, row } as const;
    });
    if (outcome.acquired) {
      // A row without its advisory lock is what a holder whose session ended left behind.
      if (outcome.row !== undefined) {
        const stale = outcome.row;
        context.onWarning(`took over the lock of ${describeLockHolder(stale)} since ${stale.created} (id ${stale.id}): its database session had ended`);
      }
      return info;
    }
    if (outcome.row === undefined) {
      throw new LockError(context.location, 'the lock is held by a database session that left no record of its holder', {
        hint: 'if no dataiku-iac command is running, end the sessions named dataiku-iac in pg_stat_activity',
      });
    }
    const holder = outcome.row;
    const wait = Math.min(FIRST_RETRY_MS * 2 ** attempt, MAX_RETRY_MS, deadline - Date.now());
    if (wait <= 0) {
      throw new StateLockedError(context.location, holder, {
        hint: `wait for it to finish (a holder that dies frees the lock when its database session ends); if it is stuck, force the unlock of lock ${holder.id}`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Free the lock taken with `info` on `session`. */
export async function releaseLock(session: Session, context: LockContext, info: LockInfo): Promise<void> {
  await session.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [context.keys.guard]);
    await client.query(`WITH gone AS (DELETE FROM ${context.tables.locks} WHERE environment = $1 AND id = $2) SELECT pg_advisory_unlock($3::bigint)`, [
      context.environment,
      info.id,
      context.keys.lock,
    ]);
  });
}

/**
 * Remove the lock with this id, whoever holds it: the holder's session, if it still runs, is ended
 * (so is any save it was making, which is rolled back), and the lock row deleted.
 * @throws LockError (LOCK_INVALID) when no lock is held, it has another id, or the session cannot be ended
 */
export async function forceUnlock(session: Session, context: LockContext, id: string): Promise<LockInfo> {
  return session.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [context.keys.guard]);
    const row = await readLockRow(client, context);
    if (row === undefined) throw new LockError(context.location, 'no lock is held');
    if (row.id !== id) throw new LockError(context.location, `the lock is held with id ${row.id}, not ${id}`);
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid::bigint = (($1::bigint >> 32) & 4294967295) AND objid::bigint = ($1::bigint & 4294967295)`,
      [context.keys.lock],
    );
    for (const { pid } of rows) await endSession(client, context, pid);
    await client.query(`DELETE FROM ${context.tables.locks} WHERE environment = $1`, [context.environment]);
    return row;
  });
}

async function endSession(client: pg.ClientBase, context: LockContext, pid: number): Promise<void> {
  let ended: boolean;
  try {
    const { rows } = await client.query<{ ended: boolean }>('SELECT pg_terminate_backend($1::integer, $2::bigint) AS ended', [pid, TERMINATE_WAIT_MS]);
    ended = rows.some((row) => row.ended);
  } catch (error) {
    throw new LockError(context.location, `cannot end the holder's database session ${pid}: ${(error as Error).message}`, {
      cause: error,
      hint: `ask a database administrator to run SELECT pg_terminate_backend(${pid})`,
    });
  }
  if (!ended) throw new LockError(context.location, `the holder's database session ${pid} did not end within ${TERMINATE_WAIT_MS / 1000} s`);
}

async function readLockRow(client: pg.ClientBase, context: LockContext): Promise<LockInfo | undefined> {
  const { rows } = await client.query<LockInfo>(
    `SELECT id, pid, host, user_name AS "user", operation, created FROM ${context.tables.locks} WHERE environment = $1`,
    [context.environment],
  );
  return rows[0];
}
