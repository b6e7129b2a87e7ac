import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
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

/** Backup file names, newest first. */
async function backupsOf(backend: LocalFileBackend): Promise<string[]> {
  return existsSync(backend.backupDirectory) ? (await readdir(backend.backupDirectory)).sort().reverse() : [];
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
    expect(backend.location).toBe(backend.stateFile);
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
    await expectError(backend.load(), 'STATE_NOT_FOUND', `state file not found: ${backend.stateFile}`);
    expect(await backend.history()).toEqual([]);
    expect(await backend.journal.read()).toEqual([]);
    expect(existsSync(join(directory.path, '.dataiku'))).toBe(false);
    await backend.save(sampleState());
    expect(existsSync(backend.stateFile)).toBe(true);
    await backend.close();
  });
});

describe('LocalFileBackend save and load', () => {
  it('saves a valid, ASCII, mode 0600 file that loads back equal', async () => {
    const backend = backendAt();
    const state = sampleState();
    const result = await backend.save(state);
    expect(result).toMatchObject({ written: true, serial: 1, location: backend.stateFile });
    expect(result.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.previousVersion).toBeUndefined();
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
    expect(await backupsOf(backend)).toEqual([]);
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
      `refusing to overwrite state file ${backend.stateFile}: it has serial 2, newer than this state's serial 1 (another run saved it meanwhile)`,
    );
    expect(error).toHaveProperty('hint', 'load it again and retry');
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
    const error = await expectError(backend.save(other), 'STATE_CONFLICT', /it belongs to lineage [0-9a-f-]{36} and this state to lineage 00000000-0000-4000-8000-000000000000$/);
    expect(error).toHaveProperty('hint', `force the save to replace it (the replaced file is then kept in ${backend.backupDirectory})`);
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
    expect(await readFile(join(backend.backupDirectory, (await backupsOf(backend))[0]!))).toEqual(original);
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
    expect(existsSync(backend.stateFile)).toBe(false);
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
    expect(result.previousVersion).toMatch(/dev\.state\.json\.backups\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.serial-1\.json$/);
    expect(await readFile(result.previousVersion!)).toEqual(first);
    expect((await stat(result.previousVersion!)).mode & 0o777).toBe(0o600);
  });

  it('makes backups 0600 even when the state file had become 0644', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    await chmod(backend.stateFile, 0o644);
    const result = await backend.save(withResource(await backend.load(), 'recipe.SALES.r', { type: 'python' }));
    expect((await stat(result.previousVersion!)).mode & 0o777).toBe(0o600);
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
    const names = await backupsOf(backend);
    expect(names).toHaveLength(3);
    expect(names.map((name) => /serial-(\d+)/.exec(name)?.[1])).toEqual(['6', '5', '4']);
  });
});

describe('LocalFileBackend never modifies a bad file', () => {
  const corrupt: [string, string][] = [
    ['empty', ''],
    ['not JSON', 'hello'],
    ['truncated', '{"version": 1, "serial": '],
    ['version 0', '{"version": 0, "serial": 0, "updated_at": "2026-01-01T00:00:00Z", "resources": {}}'],
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
    expect(error.message).toMatch(/: it cannot be read \(state file .* is corrupted: it is not valid JSON.*\)$/);
    expect(error).toHaveProperty('hint', `fix it, or force the save to replace it (the unreadable file is then kept in ${backend.backupDirectory})`);
    expect(await readFile(backend.stateFile, 'utf8')).toBe('hello');
    const result = await backend.save(sampleState(), { force: true });
    expect(result.written).toBe(true);
    expect(result.previousVersion).toMatch(/serial-unknown\.unreadable\.json$/);
    expect(await readFile(result.previousVersion!, 'utf8')).toBe('hello');
    await writeFile(backend.stateFile, 'hello again');
    const again = await expectError(backend.save(sampleState()), 'STATE_CONFLICT');
    expect(again).toHaveProperty('hint', `restore the newest good backup from ${backend.backupDirectory}, or force the save to replace it (the unreadable file is then kept in ${backend.backupDirectory})`);
  });

  it('reports a directory, a symbolic link and a missing file clearly', async () => {
    await mkdir(join(directory.path, 'dir.state.json'));
    await expectError(backendAt('dir.state.json').load(), 'STATE_READ', /dir\.state\.json: it is a directory, not a file$/);
    await writeFile(join(directory.path, 'real.json'), '{}');
    await symlink(join(directory.path, 'real.json'), join(directory.path, 'link.state.json'));
    const link = await expectError(backendAt('link.state.json').load(), 'STATE_READ', /it is a symbolic link; state files must be regular files$/);
    expect(link).toHaveProperty('hint', 'use the path of the file the link points to');
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
    expect(existsSync(other.stateFile)).toBe(false);
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

describe('LocalFileBackend recovery hints', () => {
  it('a corrupted or unreadable state says where its backups are, once there are some', async () => {
    const backend = backendAt();
    await writeFile(backend.stateFile, '{"version": 1}');
    expect(await expectError(backend.load(), 'STATE_CORRUPTED')).toHaveProperty('hint', undefined);
    await backend.save(sampleState(), { force: true });
    await writeFile(backend.stateFile, '{"version": 1}');
    const hint = `restore the newest good backup from ${backend.backupDirectory}`;
    expect(await expectError(backend.load(), 'STATE_CORRUPTED')).toHaveProperty('hint', hint);
    await rm(backend.stateFile);
    await mkdir(backend.stateFile);
    expect(await expectError(backend.load(), 'STATE_READ', /it is a directory, not a file$/)).toHaveProperty('hint', hint);
  });
});

describe('LocalFileBackend refuses a state of a newer format version', () => {
  const newer = (version: number): string =>
    `${JSON.stringify({ version, serial: 3, lineage: 'future', updated_at: '2027-01-01T00:00:00Z', resources: {}, format_2_field: { a: 1 } }, null, 2)}\n`;

  it.each([2, 40])('version %i: load, history and loadVersion say so, naming the file and the version', async (version) => {
    const backend = backendAt();
    await writeFile(backend.stateFile, newer(version));
    const message = `state file ${backend.stateFile} was written by a newer version of dataiku-iac (state format version ${version}; this version reads format 1)`;
    const error = await expectError(backend.load(), 'STATE_VERSION_UNSUPPORTED', message);
    expect(error).toMatchObject({ path: backend.stateFile, version, hint: 'upgrade dataiku-iac to read it; the file was not changed' });
    await expectError(backend.history(), 'STATE_VERSION_UNSUPPORTED', message);
    await expectError(backend.loadVersion(3), 'STATE_VERSION_UNSUPPORTED', message);
  });

  it('save refuses it, even forced, and never modifies it', async () => {
    const backend = backendAt();
    await writeFile(backend.stateFile, newer(2));
    const before = await stat(backend.stateFile);
    for (const options of [{}, { force: true }, { force: true, preserveSerial: true }]) {
      await expectError(backend.save(sampleState(), options), 'STATE_VERSION_UNSUPPORTED', /state format version 2; this version reads format 1\)$/);
    }
    expect(await readFile(backend.stateFile, 'utf8')).toBe(newer(2));
    expect((await stat(backend.stateFile)).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(directory.path)).toEqual(['dev.state.json']);
  });

  it('a backup of a newer format is refused too', async () => {
    const backend = backendAt();
    await backend.save(sampleState());
    await mkdir(backend.backupDirectory);
    await writeFile(join(backend.backupDirectory, '2026-01-01T00-00-00-000Z.serial-3.json'), newer(2));
    await expectError(backend.history(), 'STATE_VERSION_UNSUPPORTED', /backups\/2026-01-01T00-00-00-000Z\.serial-3\.json was written by a newer version/);
    await expectError(backend.loadVersion(3), 'STATE_VERSION_UNSUPPORTED');
  });
});

describe('LocalFileBackend save with preserveSerial', () => {
  const source = sampleState();
  function migrated(serial: number, lineage = '11111111-1111-4111-8111-111111111111'): State {
    const state = source.clone();
    state.serial = serial;
    state.lineage = lineage;
    state.updatedAt = '2026-05-01T10:00:00Z';
    return state;
  }

  it('stores the state with its own serial, lineage and update time', async () => {
    const backend = backendAt();
    const state = migrated(41);
    expect(await backend.save(state, { preserveSerial: true })).toEqual({ written: true, location: backend.stateFile, serial: 41, lineage: state.lineage });
    const loaded = await backendAt().load();
    expect(loaded).toMatchObject({ serial: 41, lineage: state.lineage, updatedAt: '2026-05-01T10:00:00Z' });
    expect(state.serial).toBe(41);
  });

  it('writes nothing when the file already holds it', async () => {
    const backend = backendAt();
    await backend.save(migrated(41), { preserveSerial: true });
    const before = await stat(backend.stateFile);
    expect(await backendAt().save(migrated(41), { preserveSerial: true })).toMatchObject({ written: false, serial: 41 });
    expect((await stat(backend.stateFile)).mtimeMs).toBe(before.mtimeMs);
  });

  it('replaces a lower serial of the same lineage, keeping it as a backup', async () => {
    const backend = backendAt();
    await backend.save(migrated(40), { preserveSerial: true });
    const result = await backendAt().save(withResource(migrated(41), 'project.NEW', {}), { preserveSerial: true });
    expect(result).toMatchObject({ written: true, serial: 41 });
    expect(result.previousVersion).toMatch(/serial-40\.json$/);
  });

  it('refuses another lineage, a higher serial, or the same serial with other content; force overrides', async () => {
    const backend = backendAt();
    await backend.save(migrated(41), { preserveSerial: true });
    const other = migrated(50, '22222222-2222-4222-8222-222222222222');
    await expectError(backendAt().save(other, { preserveSerial: true }), 'STATE_CONFLICT', /it belongs to lineage 11111111-.* and this state to lineage 22222222-/);
    await expectError(backendAt().save(migrated(40), { preserveSerial: true }), 'STATE_CONFLICT', /it has serial 41, not lower than serial 40 of the state to store$/);
    const changed = await expectError(backendAt().save(withResource(migrated(41), 'project.NEW', {}), { preserveSerial: true }), 'STATE_CONFLICT', /it has serial 41, not lower than serial 41/);
    expect(changed).toHaveProperty('hint', `force the save to replace it (the replaced file is then kept in ${backend.backupDirectory})`);
    expect((await backendAt().load()).serial).toBe(41);
    expect(await backendAt().save(other, { preserveSerial: true, force: true })).toMatchObject({ written: true, serial: 50, lineage: other.lineage });
  });
});

describe('LocalFileBackend history and loadVersion', () => {
  async function threeVersions(backend: LocalFileBackend): Promise<void> {
    await backend.save(sampleState());
    await backend.save(withResource(await backend.load(), 'recipe.SALES.r1', { type: 'python' }));
    await backend.save(withResource(await backend.load(), 'recipe.SALES.r2', { type: 'python' }));
  }

  it('lists the current state and the backups, newest first', async () => {
    const backend = backendAt();
    await threeVersions(backend);
    const current = await backend.load();
    const history = await backend.history();
    expect(history.map(({ serial, resourceCount, current: isCurrent }) => [serial, resourceCount, isCurrent])).toEqual([
      [3, 4, true],
      [2, 3, false],
      [1, 2, false],
    ]);
    expect(new Set(history.map((version) => version.lineage))).toEqual(new Set([current.lineage]));
    expect(history[0]).toEqual({ serial: 3, lineage: current.lineage, updatedAt: current.updatedAt, resourceCount: 4, current: true });
  });

  it('leaves out what cannot be read as a state, the current file included', async () => {
    const backend = backendAt();
    await threeVersions(backend);
    const [newest] = await backupsOf(backend);
    await writeFile(join(backend.backupDirectory, newest!), '{"version": 1, "serial": "two"}');
    await writeFile(join(backend.backupDirectory, '2000-01-01T00-00-00-000Z.serial-9.json'), 'not json');
    await writeFile(join(backend.backupDirectory, 'notes.txt'), 'not a backup');
    expect((await backend.history()).map((version) => version.serial)).toEqual([3, 1]);
    await writeFile(backend.stateFile, '[]');
    expect((await backend.history()).map((version) => [version.serial, version.current])).toEqual([[1, false]]);
    await rm(backend.backupDirectory, { recursive: true });
    await writeFile(backend.backupDirectory, 'a file where the directory should be');
    expect(await backend.history()).toEqual([]);
  });

  it('loadVersion gives the current state or a backup, verified, and never changes them', async () => {
    const backend = backendAt();
    await threeVersions(backend);
    expect((await backend.loadVersion(3)).size).toBe(4);
    const first = await backend.loadVersion(1);
    expect(first.serial).toBe(1);
    expect(first.listResources()).toEqual(sampleState().listResources().map((resource) => first.getResource(resource.resourceId)));
    expect((await backend.loadVersion(2)).hasResource('recipe.SALES.r1')).toBe(true);
    expect((await backend.load()).serial).toBe(3);
    expect((await backupsOf(backend)).length).toBe(2);
  });

  it('loadVersion refuses a tampered backup, with a hint', async () => {
    const backend = backendAt();
    await threeVersions(backend);
    const oldest = join(backend.backupDirectory, (await backupsOf(backend))[1]!);
    await writeFile(oldest, (await readFile(oldest, 'utf8')).replace('"Filesystem"', '"S3"'));
    const error = await expectError(backend.loadVersion(1), 'STATE_CORRUPTED', /metadata\/checksum: does not match the attributes/);
    expect(error.message).toContain(oldest);
    expect(error).toHaveProperty('hint', `restore the newest good backup from ${backend.backupDirectory}`);
  });

  it('loadVersion says which serials are kept when none has the one asked for', async () => {
    const backend = backendAt();
    await expectError(backend.loadVersion(1), 'STATE_NOT_FOUND', `state file not found: ${backend.stateFile} (serial 1)`).then((error) => {
      expect(error).toHaveProperty('hint', 'no version of this state is kept');
    });
    await threeVersions(backend);
    const [newest] = await backupsOf(backend);
    await rename(join(backend.backupDirectory, newest!), join(backend.backupDirectory, newest!.replace('serial-2', 'serial-7')));
    const error = await expectError(backend.loadVersion(7), 'STATE_NOT_FOUND', /\(serial 7\)$/);
    expect(error).toHaveProperty('hint', 'the kept versions have serials 3, 7, 1');
    await expectError(backend.loadVersion(-1), 'INVALID_ARGUMENT', 'a serial is a whole number >= 0, not -1');
    await expectError(backend.loadVersion(1.5), 'INVALID_ARGUMENT');
  });
});

describe('LocalFileBackend journal', () => {
  it('keeps the apply journal beside the state file', async () => {
    const backend = backendAt();
    await backend.journal.append([{ action: 'create', resource: 'dataset.SALES.orders' }]);
    expect(existsSync(`${backend.stateFile}.journal`)).toBe(true);
    expect(await backendAt().journal.read()).toEqual([{ action: 'create', resource: 'dataset.SALES.orders' }]);
    await backend.journal.clear();
    expect(existsSync(`${backend.stateFile}.journal`)).toBe(false);
  });
});
