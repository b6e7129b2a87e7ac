import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode, Resource, type State } from '@dataiku-iac/models';
import { validateState } from '@dataiku-iac/schema';
import { describe, expect, it } from 'vitest';
import { deadPid, PYTHON_STATE_URL, sampleState, useTemporaryDirectory } from './__fixtures__/test-support.js';
import { LocalFileBackend } from './local-file-backend.js';

const directory = useTemporaryDirectory();

function backendAt(name = 'dev.state.json', options: { backupsToKeep?: number; lockTimeoutMs?: number; onWarning?: (message: string) => void } = {}): LocalFileBackend {
  return new LocalFileBackend({ stateFile: join(directory.path, name), ...options });
}

async function expectError(action: Promise<unknown>, code: string, message?: string | RegExp): Promise<Error> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(hasErrorCode(error, code as 'STATE_READ')).toBe(true);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
  return error as Error;
}

function withResource(state: State, id: string, attributes: Record<string, string>): State {
  const copy = state.clone();
  copy.addResource(new Resource({ resourceId: id, attributes }));
  return copy;
}

describe('LocalFileBackend paths', () => {
  it('uses .dataiku/state/{environment}.state.json under the base directory', () => {
    const backend = new LocalFileBackend({ environment: 'prod', baseDirectory: directory.path });
    expect(backend.stateFile).toBe(join(directory.path, '.dataiku', 'state', 'prod.state.json'));
    expect(backend.lockFile).toBe(`${backend.stateFile}.lock`);
    expect(backend.backupDirectory).toBe(`${backend.stateFile}.backups`);
  });

  it.each(['', '../prod', 'prod/x', 'a b', 'é', '.', 'x'.repeat(65), 'dev\n'])('rejects environment %j before touching the disk', (environment) => {
    expect(() => new LocalFileBackend({ environment, baseDirectory: directory.path })).toThrow(/invalid environment name/);
    expect(existsSync(join(directory.path, '.dataiku'))).toBe(false);
  });

  it('rejects bad options', () => {
    expect(() => new LocalFileBackend({})).toThrow('give a state file or an environment name');
    expect(() => backendAt('a', { backupsToKeep: -1 })).toThrow('backupsToKeep must be a whole number >= 0');
    expect(() => backendAt('a', { lockTimeoutMs: Number.NaN })).toThrow('lockTimeoutMs must be >= 0');
  });

  it('creates no directory until something is saved', async () => {
    const backend = new LocalFileBackend({ environment: 'dev', baseDirectory: directory.path });
    expect(await backend.exists()).toBe(false);
    await expectError(backend.load(), 'STATE_NOT_FOUND', `state file not found: ${backend.stateFile}`);
    expect(existsSync(join(directory.path, '.dataiku'))).toBe(false);
    await backend.save(sampleState());
    expect(await backend.exists()).toBe(true);
  });
});

describe('LocalFileBackend save and load', () => {
  it('saves a valid, ASCII, mode 0600 file that loads back equal', async () => {
    const backend = backendAt();
    const state = sampleState();
    const result = await backend.save(state);
    expect(result).toMatchObject({ written: true, serial: 1, stateFile: backend.stateFile });
    expect(result.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.backupFile).toBeUndefined();
    const text = await readFile(backend.stateFile, 'latin1');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(validateState(JSON.parse(text)).valid).toBe(true);
    expect((await stat(backend.stateFile)).mode & 0o777).toBe(0o600);
    const loaded = await backend.load();
    expect(loaded.serial).toBe(1);
    expect(loaded.lineage).toBe(result.lineage);
    expect(loaded.listResources()).toEqual(state.listResources());
    expect(state.serial).toBe(1);
    expect(state.lineage).toBe(result.lineage);
  });

  it('writes nothing when the content is unchanged: same bytes, same serial', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    const before = await readFile(backend.stateFile);
    const beforeStat = await stat(backend.stateFile);
    const loaded = await backend.load();
    expect(await backend.save(loaded)).toMatchObject({ written: false, serial: 1 });
    const fresh = backendAt();
    expect(await fresh.save(await fresh.load())).toMatchObject({ written: false, serial: 1 });
    expect(await readFile(backend.stateFile)).toEqual(before);
    expect((await stat(backend.stateFile)).mtimeMs).toBe(beforeStat.mtimeMs);
    expect(await backend.listBackups()).toEqual([]);
  });

  it('increases the serial by exactly one per content change and keeps the lineage', async () => {
    const backend = backendAt();
    const state = sampleState();
    const first = await backend.save(state);
    const second = await backend.save(withResource(await backend.load(), 'recipe.SALES.r1', { type: 'python' }));
    const third = await backend.save(withResource(await backend.load(), 'recipe.SALES.r2', { type: 'python' }));
    expect([first.serial, second.serial, third.serial]).toEqual([1, 2, 3]);
    expect(new Set([first.lineage, second.lineage, third.lineage]).size).toBe(1);
    expect((await backend.load()).size).toBe(4);
  });

  it('refuses a state whose serial is older than the file (another run saved meanwhile)', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    const mine = await backend.load();
    const theirs = backendAt();
    await theirs.save(withResource(await theirs.load(), 'recipe.SALES.theirs', { type: 'r' }));
    const error = await expectError(
      backend.save(withResource(mine, 'recipe.SALES.mine', { type: 'python' })),
      'STATE_CONFLICT',
      'it has serial 2, newer than this state\'s serial 1 (another run saved it meanwhile); load it again and retry',
    );
    expect(error.message).toContain(backend.stateFile);
    expect((await backend.load()).hasResource('recipe.SALES.theirs')).toBe(true);
    const forced = await backend.save(withResource(mine, 'recipe.SALES.mine', { type: 'python' }), { force: true });
    expect(forced.serial).toBe(3);
  });

  it('refuses a state of another lineage, and a fresh state over an existing file', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    const other = sampleState();
    other.lineage = '00000000-0000-4000-8000-000000000000';
    other.serial = 7;
    await expectError(backend.save(other), 'STATE_CONFLICT', /it belongs to lineage [0-9a-f-]{36} and this state to lineage 00000000-0000-4000-8000-000000000000/);
    await expectError(backend.save(withResource(sampleState(), 'project.NEW', {})), 'STATE_CONFLICT', /and this state to lineage none/);
    expect((await backend.save(other, { force: true })).lineage).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('keeps the Python reference file untouched until content changes, then assigns a lineage', async () => {
    const backend = backendAt('prod.state.json');
    const original = await readFile(PYTHON_STATE_URL);
    await writeFile(backend.stateFile, original);
    const state = await backend.load();
    expect(state.lineage).toBeNull();
    expect(await backend.save(state)).toMatchObject({ written: false, serial: 4, lineage: null });
    expect(await readFile(backend.stateFile)).toEqual(original);
    const changed = await backend.save(withResource(state, 'recipe.CUSTOMER_ANALYTICS.new_recipe', { type: 'python' }));
    expect(changed.serial).toBe(5);
    expect(changed.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(await readFile(join(backend.backupDirectory, (await backend.listBackups())[0]!))).toEqual(original);
    const reloaded = await backend.load();
    expect(reloaded.getResource('dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS')?.metadata.deployedAt).toBe('2025-11-24T10:30:00.223456');
  });

  it('rejects an invalid state before writing anything', async () => {
    const backend = backendAt();
    const state = sampleState();
    state.environment = '../escape';
    await expectError(backend.save(state), 'STATE_WRITE', /the state to save is invalid: \/environment: must be 0-64 letters/);
    const tampered = sampleState();
    const resource = tampered.getResource('project.SALES')!;
    tampered.addResource(new Resource({ resourceId: 'project.SALES', attributes: { name: 'changed' }, metadata: resource.metadata }));
    await expectError(backend.save(tampered), 'STATE_WRITE', /checksum: does not match the attributes/);
    expect(await backend.exists()).toBe(false);
    expect(await readdir(directory.path)).toEqual([]);
  });

  it('reports an I/O failure as a write error and leaves no temporary file', async () => {
    await writeFile(join(directory.path, 'blocker'), 'x');
    const backend = new LocalFileBackend({ stateFile: join(directory.path, 'blocker', 'dev.state.json') });
    await expectError(backend.save(sampleState()), 'LOCK_INVALID', /blocker\/dev\.state\.json\.lock: cannot create it: .*\/blocker is a file, not a directory$/);
    expect(await readdir(directory.path)).toEqual(['blocker']);
  });

  it('removes temporary files left by dead processes, not those of live ones', async () => {
    const backend = backendAt();
    const dead = join(directory.path, `.dev.state.json.tmp-${deadPid()}-abcdef`);
    const live = join(directory.path, `.dev.state.json.tmp-${process.ppid}-abcdef`);
    await writeFile(dead, 'partial');
    await writeFile(live, 'partial');
    await backend.save(sampleState());
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});

describe('LocalFileBackend backups', () => {
  it('backs up the previous file before replacing it, with serial and time in the name', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    const first = await readFile(backend.stateFile);
    const result = await backend.save(withResource(await backend.load(), 'recipe.SALES.r', { type: 'python' }));
    expect(result.backupFile).toMatch(/dev\.state\.json\.backups\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.serial-1\.json$/);
    expect(await readFile(result.backupFile!)).toEqual(first);
    expect((await stat(result.backupFile!)).mode & 0o777).toBe(0o600);
  });

  it('makes backups 0600 even when the state file had become 0644', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    await chmod(backend.stateFile, 0o644);
    const result = await backend.save(withResource(await backend.load(), 'recipe.SALES.r', { type: 'python' }));
    expect((await stat(result.backupFile!)).mode & 0o777).toBe(0o600);
    expect((await stat(backend.stateFile)).mode & 0o777).toBe(0o600);
  });

  it('keeps the newest N backups', async () => {
    const backend = backendAt('dev.state.json', { backupsToKeep: 3 });
    let state = sampleState();
    await backend.save(state);
    for (let index = 0; index < 6; index++) {
      state = withResource(await backend.load(), `recipe.SALES.r${index}`, { type: 'python' });
      await backend.save(state);
    }
    const names = await backend.listBackups();
    expect(names).toHaveLength(3);
    expect(names.map((name) => /serial-(\d+)/.exec(name)?.[1])).toEqual(['6', '5', '4']);
  });

  it('backup() and delete() keep copies; delete removes the state', async () => {
    const backend = backendAt();
    await expectError(backend.backup(), 'STATE_NOT_FOUND');
    expect(await backend.delete()).toBeUndefined();
    await backend.save(sampleState());
    const manual = await backend.backup('before-upgrade');
    expect(manual).toMatch(/serial-1\.before-upgrade\.json$/);
    await expect(backend.backup('bad suffix')).rejects.toThrow('invalid backup suffix');
    const deleted = await backend.delete();
    expect(deleted).toMatch(/serial-1\.deleted\.json$/);
    expect(await backend.exists()).toBe(false);
    expect(JSON.parse(await readFile(deleted!, 'utf8'))).toMatchObject({ serial: 1 });
  });

  it('names the backup of a file without a readable serial "unknown"', async () => {
    const backend = backendAt();
    await writeFile(backend.stateFile, 'garbage');
    expect(await backend.backup()).toMatch(/serial-unknown\.manual\.json$/);
  });
});

describe('LocalFileBackend never modifies a bad file', () => {
  const corrupt: [string, string][] = [
    ['empty', ''],
    ['not JSON', 'hello'],
    ['truncated', '{"version": 1, "serial": '],
    ['wrong version', '{"version": 9, "serial": 0, "updated_at": "2026-01-01T00:00:00Z", "resources": {}}'],
  ];

  it.each(corrupt)('%s: load fails with the file named, the bytes and time unchanged', async (_name, content) => {
    const backend = backendAt();
    await writeFile(backend.stateFile, content);
    const before = await stat(backend.stateFile);
    const error = await expectError(backend.load(), 'STATE_CORRUPTED');
    expect(error.message).toContain(backend.stateFile);
    expect(await readFile(backend.stateFile, 'utf8')).toBe(content);
    expect((await stat(backend.stateFile)).mtimeMs).toBe(before.mtimeMs);
  });

  it('save refuses to replace an unreadable file and says how to recover; force backs it up first', async () => {
    const backend = backendAt();
    await writeFile(backend.stateFile, 'hello');
    const error = await expectError(backend.save(sampleState()), 'STATE_CONFLICT');
    expect(error.message).toMatch(/it cannot be read \(state file .* is corrupted: it is not valid JSON.*\); restore the newest good backup from .*dev\.state\.json\.backups, or force the save to replace it$/);
    expect(await readFile(backend.stateFile, 'utf8')).toBe('hello');
    const result = await backend.save(sampleState(), { force: true });
    expect(result.written).toBe(true);
    expect(result.backupFile).toMatch(/serial-unknown\.unreadable\.json$/);
    expect(await readFile(result.backupFile!, 'utf8')).toBe('hello');
  });

  it('reports a directory, a symbolic link and a missing file clearly', async () => {
    await mkdir(join(directory.path, 'dir.state.json'));
    await expectError(backendAt('dir.state.json').load(), 'STATE_READ', /dir\.state\.json: it is a directory, not a file$/);
    await writeFile(join(directory.path, 'real.json'), '{}');
    await symlink(join(directory.path, 'real.json'), join(directory.path, 'link.state.json'));
    await expectError(backendAt('link.state.json').load(), 'STATE_READ', /it is a symbolic link; state files must be regular files/);
    await expectError(backendAt('missing.json').load(), 'STATE_NOT_FOUND');
  });

  it('reports a corrupt file as corrupted, with problems listed', async () => {
    const backend = backendAt();
    await writeFile(backend.stateFile, '{"version": 1}');
    const error = await expectError(backend.load(), 'STATE_CORRUPTED');
    expect(error).toHaveProperty('problems', [
      '(root): missing required property "serial"',
      '(root): missing required property "updated_at"',
      '(root): missing required property "resources"',
    ]);
  });

  it('reports a file it may not read as a read error, not as corrupted', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    await chmod(backend.stateFile, 0o000);
    if (process.getuid?.() === 0) {
      // root reads anything: the mode alone cannot deny it, so check the mode was not changed by us.
      expect((await stat(backend.stateFile)).mode & 0o777).toBe(0o000);
      return;
    }
    await expectError(backend.load(), 'STATE_READ', /permission denied$/);
  });
});

describe('LocalFileBackend locking', () => {
  it('writes a lock file with who, where and what, mode 0600, and removes it on release', async () => {
    const backend = backendAt();
    const lock = await backend.lock('sync');
    const info = JSON.parse(await readFile(backend.lockFile, 'utf8')) as Record<string, unknown>;
    expect(info).toEqual({ id: lock.info.id, pid: process.pid, host: hostname(), user: expect.any(String) as unknown, operation: 'sync', created: expect.stringMatching(/\+00:00$/) as unknown });
    expect((await stat(backend.lockFile)).mode & 0o777).toBe(0o600);
    expect(await backend.readLock()).toEqual(info);
    await lock.release();
    await lock.release();
    expect(existsSync(backend.lockFile)).toBe(false);
    expect(await backend.readLock()).toBeUndefined();
  });

  it('a second holder fails at once with who holds it, since when and the id', async () => {
    const holder = backendAt();
    const lock = await holder.lock('sync');
    const other = backendAt();
    const error = await expectError(other.lock('sync'), 'STATE_LOCKED');
    expect(error.message).toBe(`state is locked by ${lock.info.user}@${hostname()} (pid ${process.pid}, sync) since ${lock.info.created} (id ${lock.info.id})`);
    await expectError(other.save(sampleState()), 'STATE_LOCKED');
    expect(await other.exists()).toBe(false);
    await expect(holder.lock('again')).rejects.toThrow('already holds the lock');
    await holder.save(sampleState());
    await lock.release();
    await other.lock('sync').then((handle) => handle.release());
  });

  it('waits for the lock up to the timeout', async () => {
    const holder = backendAt();
    const lock = await holder.lock('sync');
    setTimeout(() => void lock.release(), 150);
    const waiter = backendAt('dev.state.json', { lockTimeoutMs: 10_000 });
    const handle = await waiter.lock('sync');
    expect((await waiter.readLock())?.id).toBe(handle.info.id);
    await handle.release();
    const lock2 = await holder.lock('sync');
    await expectError(backendAt('dev.state.json', { lockTimeoutMs: 60 }).lock('sync'), 'STATE_LOCKED');
    await lock2.release();
  });

  it('takes over a lock left by a dead process on this host, with a warning', async () => {
    const warnings: string[] = [];
    const backend = backendAt('dev.state.json', { onWarning: (message) => warnings.push(message) });
    const pid = deadPid();
    await writeFile(backend.lockFile, JSON.stringify({ id: 'stale-id', pid, host: hostname(), user: 'ghost', operation: 'sync', created: '2026-01-01T00:00:00.000+00:00' }));
    const lock = await backend.lock('sync');
    expect(warnings).toEqual([`took over the lock of ghost@${hostname()} (pid ${pid}, sync) since 2026-01-01T00:00:00.000+00:00 (id stale-id): that process no longer exists`]);
    await lock.release();
  });

  it('does not take over a lock held on another host', async () => {
    const backend = backendAt();
    await writeFile(backend.lockFile, JSON.stringify({ id: 'remote', pid: deadPid(), host: 'elsewhere', user: 'bob', operation: 'sync', created: '2026-01-01T00:00:00.000+00:00' }));
    await expectError(backend.lock('sync'), 'STATE_LOCKED', /locked by bob@elsewhere/);
  });

  it('force-unlocks only the lock with the given id', async () => {
    const warnings: string[] = [];
    const holder = backendAt('dev.state.json', { onWarning: (message) => warnings.push(message) });
    const lock = await holder.lock('sync');
    const other = backendAt();
    await expectError(other.forceUnlock('wrong'), 'LOCK_INVALID', `the lock is held with id ${lock.info.id}, not wrong`);
    await other.forceUnlock(lock.info.id);
    await expectError(other.forceUnlock(lock.info.id), 'LOCK_INVALID', 'no lock is held');
    const theirs = await other.lock('sync');
    await lock.release();
    expect(warnings).toEqual([`the lock ${lock.info.id} was removed by someone else before this command released it`]);
    expect((await other.readLock())?.id).toBe(theirs.info.id);
    await theirs.release();
  });

  it('reports an unreadable lock file instead of guessing', async () => {
    const backend = backendAt();
    await writeFile(backend.lockFile, 'not a lock');
    await expectError(backend.lock('sync'), 'LOCK_INVALID', 'it is not a valid lock file; if no dataiku-iac command is running, delete it');
  });
});
