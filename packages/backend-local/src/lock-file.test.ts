import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode, type LockInfo } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { deadPid, useTemporaryDirectory } from './__fixtures__/test-support.js';
import { acquireLock, readLock, takeOver } from './lock-file.js';

const directory = useTemporaryDirectory();

function lockInfo(id: string, pid: number): LockInfo {
  return { id, pid, host: hostname(), user: 'u', operation: 'sync', created: '2026-01-01T00:00:00.000+00:00' };
}

describe('lock files', () => {
  it('rejects lock files with missing fields', async () => {
    const lockFile = join(directory.path, 'x.lock');
    for (const content of ['{}', '[]', 'null', '{"id": "a", "pid": "1", "host": "h", "user": "u", "operation": "o", "created": "c"}']) {
      await writeFile(lockFile, content);
      await expect(readLock(lockFile)).rejects.toThrow('it is not a valid lock file');
    }
  });

  it('reports a lock path that is a directory', async () => {
    const lockFile = join(directory.path, 'x.lock');
    await mkdir(lockFile);
    const error = await acquireLock({ lockFile, stateFile: 'x', operation: 'sync', timeoutMs: 0, onWarning: () => undefined }).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'LOCK_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/cannot read it: it is a directory, not a file$/);
  });

  it('removes files of lock attempts by dead processes once it holds the lock, not those of live ones', async () => {
    const lockFile = join(directory.path, 'x.lock');
    const leftovers = [`x.lock.tmp-${deadPid()}-abcdef`, `x.lock.stale-${deadPid()}-abcdef`];
    const live = `x.lock.tmp-${process.ppid}-abcdef`;
    for (const name of [...leftovers, live]) await writeFile(join(directory.path, name), '{}');
    const handle = await acquireLock({ lockFile, stateFile: 'x', operation: 'sync', timeoutMs: 0, onWarning: () => undefined });
    expect((await readdir(directory.path)).sort()).toEqual(['x.lock', live]);
    await handle.release();
    expect(await readdir(directory.path)).toEqual([live]);
  });

  it('removes on release the directories it created, while nothing else was written to them', async () => {
    const options = { stateFile: 'x', operation: 'sync', timeoutMs: 0, onWarning: () => undefined };
    const lockFile = join(directory.path, '.dataiku', 'state', 'x.lock');
    await (await acquireLock({ ...options, lockFile })).release();
    expect(await readdir(directory.path)).toEqual([]);

    const written = await acquireLock({ ...options, lockFile });
    await writeFile(join(directory.path, '.dataiku', 'state', 'x.state.json'), '{}');
    await written.release();
    expect(await readdir(join(directory.path, '.dataiku', 'state'))).toEqual(['x.state.json']);

    const existing = join(directory.path, 'mine');
    await mkdir(existing);
    await (await acquireLock({ ...options, lockFile: join(existing, 'x.lock') })).release();
    expect((await readdir(directory.path)).sort()).toEqual(['.dataiku', 'mine']);
  });

  it('takes the lock when the holder it waited for removed the directory it had created', async () => {
    const lockDirectory = join(directory.path, 'new');
    const lockFile = join(lockDirectory, 'x.lock');
    await mkdir(lockDirectory);
    await writeFile(lockFile, JSON.stringify(lockInfo('other', process.pid)));
    const waiting = acquireLock({ lockFile, stateFile: 'x', operation: 'sync', timeoutMs: 60_000, onWarning: () => undefined });
    // What that holder's release does: its lock goes, then the directory it created.
    await rm(lockDirectory, { recursive: true, maxRetries: 10 });
    const handle = await waiting;
    expect((await readLock(lockFile))?.id).toBe(handle.info.id);
    await handle.release();
    expect(await readdir(directory.path)).toEqual([]);
  });

  it('takeOver does nothing when the stale lock is already gone', async () => {
    const warnings: string[] = [];
    await takeOver(join(directory.path, 'gone.lock'), lockInfo('old', deadPid()), (message) => warnings.push(message));
    expect(warnings).toEqual([]);
  });

  it('takeOver puts back a live lock that replaced the stale one meanwhile', async () => {
    const lockFile = join(directory.path, 'x.lock');
    const live = lockInfo('live', process.pid);
    await writeFile(lockFile, JSON.stringify(live));
    const warnings: string[] = [];
    await takeOver(lockFile, lockInfo('stale', deadPid()), (message) => warnings.push(message));
    expect(warnings).toEqual([]);
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toEqual(live);
  });

  it('acquires when the holder releases between two checks', async () => {
    const lockFile = join(directory.path, 'x.lock');
    await writeFile(lockFile, JSON.stringify(lockInfo('other', process.pid)));
    setTimeout(() => void rename(lockFile, `${lockFile}.gone`), 30);
    const handle = await acquireLock({ lockFile, stateFile: 'x', operation: 'sync', timeoutMs: 5_000, onWarning: () => undefined });
    expect((await readLock(lockFile))?.id).toBe(handle.info.id);
    await handle.release();
  });
});
