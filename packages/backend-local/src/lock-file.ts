import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rmdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { describeLockHolder, LockError, type LockInfo, newLockInfo, StateLockedError } from '@dataiku-iac/models';
import { bestEffort } from './best-effort.js';
import { isProcessAlive } from './process-liveness.js';
import { describeIoError } from './read-bytes.js';
import { removeStaleTemporaries } from './remove-stale-temporaries.js';

export interface AcquireOptions {
  readonly lockFile: string;
  /** The state file the lock protects, for messages. */
  readonly stateFile: string;
  readonly operation: string;
  /** How long to wait for another holder; 0 fails at once. */
  readonly timeoutMs: number;
  readonly onWarning: (message: string) => void;
}

/** A lock this process holds. */
export interface LockHandle {
  readonly info: LockInfo;
  /** Remove the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 1_000;

/**
 * Take the exclusive lock beside a state file. The lock file is created complete or not at all
 * (written aside, then hard-linked into place), so a reader never sees a half-written lock. A lock
 * left by a dead process on this host is taken over with a warning.
 * @throws StateLockedError (STATE_LOCKED) when another live holder keeps it past the timeout
 * @throws LockError (LOCK_INVALID) when the lock file cannot be read or written
 */
export async function acquireLock(options: AcquireOptions): Promise<LockHandle> {
  const info = newLockInfo(options.operation);
  const deadline = Date.now() + options.timeoutMs;
  let created = await makeDirectory(options.lockFile);
  for (let attempt = 0; ; attempt++) {
    const outcome = await tryCreate(options.lockFile, info);
    if (outcome === 'created') {
      await removeLeftovers(options.lockFile);
      return handleFor(options.lockFile, info, options.onWarning, created);
    }
    if (outcome === 'no-directory') {
      // The holder we waited for removed the directory it had created: make it again.
      created = (await makeDirectory(options.lockFile)) ?? created;
      continue;
    }
    const holder = await readLock(options.lockFile);
    if (holder === undefined) continue; // released meanwhile
    if (isStale(holder)) {
      await takeOver(options.lockFile, holder, options.onWarning);
      continue;
    }
    const wait = Math.min(FIRST_RETRY_MS * 2 ** attempt, MAX_RETRY_MS, deadline - Date.now());
    if (wait <= 0) throw new StateLockedError(options.stateFile, holder);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * The current lock, or `undefined` when there is none.
 * @throws LockError (LOCK_INVALID) when the lock file exists but is not a lock we can read
 */
export async function readLock(lockFile: string): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LockError(lockFile, `cannot read it: ${describeIoError(error)}`, { cause: error });
  }
  const info = parseLock(text);
  if (info === undefined) {
    throw new LockError(lockFile, 'it is not a valid lock file; if no dataiku-iac command is running, delete it');
  }
  return info;
}

/**
 * Remove the lock with this id, whoever holds it (Terraform's force-unlock).
 * @throws LockError (LOCK_INVALID) when there is no lock or it has another id
 */
export async function forceUnlock(lockFile: string, id: string): Promise<LockInfo> {
  const holder = await readLock(lockFile);
  if (holder === undefined) throw new LockError(lockFile, 'no lock is held');
  if (holder.id !== id) throw new LockError(lockFile, `the lock is held with id ${holder.id}, not ${id}`);
  await unlink(lockFile);
  return holder;
}

/** Creates the lock's directory and its missing parents; returns the outermost one it created. */
async function makeDirectory(lockFile: string): Promise<string | undefined> {
  try {
    return await mkdir(dirname(lockFile), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new LockError(lockFile, `cannot create it: ${describeIoError(error)}`, { cause: error });
  }
}

/**
 * Removes the directories that taking the lock created, innermost first, while they are empty: a
 * command that wrote nothing (a first sync that failed) leaves no `.dataiku/state/` behind.
 */
async function removeCreatedDirectories(lockFile: string, created: string): Promise<void> {
  for (let directory = dirname(lockFile); ; directory = dirname(directory)) {
    try {
      await rmdir(directory);
    } catch {
      return; // not empty (a state file, another holder's lock), or already gone
    }
    if (directory === created || dirname(directory) === directory) return;
  }
}

/** Files of earlier lock attempts whose process died before it could remove them. */
async function removeLeftovers(lockFile: string): Promise<void> {
  await removeStaleTemporaries(`${lockFile}.tmp`);
  await removeStaleTemporaries(`${lockFile}.stale`);
}

function isStale(holder: LockInfo): boolean {
  return holder.host === hostname() && !isProcessAlive(holder.pid);
}

async function tryCreate(lockFile: string, info: LockInfo): Promise<'created' | 'taken' | 'no-directory'> {
  const temporary = `${lockFile}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(info, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, lockFile);
    return 'created';
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') return 'taken';
    if (code === 'ENOENT') return 'no-directory';
    throw new LockError(lockFile, `cannot create it: ${describeIoError(error)}`, { cause: error });
  } finally {
    await bestEffort(unlink(temporary));
  }
}

/**
 * Move a dead holder's lock aside. If another process replaced it with a live lock in the
 * meantime, the live lock is put back.
 */
export async function takeOver(lockFile: string, stale: LockInfo, onWarning: (message: string) => void): Promise<void> {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new LockError(lockFile, `cannot take over a stale lock: ${describeIoError(error)}`, { cause: error });
  }
  const moved = await readLockQuietly(aside);
  if (moved?.id === stale.id) {
    await bestEffort(unlink(aside));
    onWarning(`took over the lock of ${describeLockHolder(stale)} since ${stale.created} (id ${stale.id}): that process no longer exists`);
    return;
  }
  await bestEffort(link(aside, lockFile));
  await bestEffort(unlink(aside));
}

function handleFor(lockFile: string, info: LockInfo, onWarning: (message: string) => void, createdDirectory: string | undefined): LockHandle {
  let released = false;
  return {
    info,
    async release() {
      if (released) return;
      released = true;
      const holder = await readLockQuietly(lockFile);
      if (holder?.id !== info.id) {
        onWarning(`the lock ${info.id} was removed by someone else before this command released it`);
        return;
      }
      await bestEffort(unlink(lockFile));
      if (createdDirectory !== undefined) await removeCreatedDirectories(lockFile, createdDirectory);
    },
  };
}

/** The lock in a file, or undefined when it is missing or unreadable. */
async function readLockQuietly(path: string): Promise<LockInfo | undefined> {
  try {
    return parseLock(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseLock(text: string): LockInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, pid, host, user, operation, created } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof pid !== 'number' || typeof host !== 'string' || typeof user !== 'string') return undefined;
  if (typeof operation !== 'string' || typeof created !== 'string') return undefined;
  return { id, pid, host, user, operation, created };
}
