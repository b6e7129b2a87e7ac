import { existsSync } from 'node:fs';
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { deadPid, useTemporaryDirectory } from './__fixtures__/test-support.js';
import { createBackup, listBackups, rotateBackups } from './backups.js';
import { isProcessAlive } from './process-liveness.js';
import { describeIoError, MAX_STATE_FILE_BYTES, readStateBytes } from './read-bytes.js';
import { removeStaleTemporaries } from './remove-stale-temporaries.js';
import { stateFilePaths } from './state-paths.js';
import { writeFileAtomic } from './write-file-atomic.js';

const directory = useTemporaryDirectory();

describe('describeIoError', () => {
  it.each([
    [{ code: 'EACCES', message: 'EACCES: permission denied, open x' }, 'permission denied'],
    [{ code: 'EPERM', message: 'x' }, 'permission denied'],
    [{ code: 'EISDIR', message: 'x' }, 'it is a directory, not a file'],
    [{ code: 'ENOTDIR', message: 'x' }, 'a parent of the path is a file, not a directory'],
    [{ code: 'ENOSPC', message: 'x' }, 'no space left on the device'],
    [{ code: 'EROFS', message: 'x' }, 'the file system is read-only'],
    [{ code: 'EDQUOT', message: 'x' }, 'disk quota exceeded'],
    [{ code: 'EIO', message: 'EIO: i/o error, read' }, 'EIO: i/o error, read'],
    [{ code: 'EEXIST', syscall: 'mkdir', path: '/a/b', message: 'x' }, '/a/b is a file, not a directory'],
    [{ message: 'plain failure' }, 'plain failure'],
  ])('%j', (error, expected) => {
    expect(describeIoError(Object.assign(new Error(error.message), error))).toBe(expected);
  });
});

describe('readStateBytes', () => {
  it('refuses a device or FIFO without blocking', async () => {
    const error = await readStateBytes('/dev/null').catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'STATE_READ')).toBe(true);
    expect((error as Error).message).toBe('cannot read state file /dev/null: it is not a regular file');
  });

  it('refuses a file too large to parse before reading it', async () => {
    const path = join(directory.path, 'huge.json');
    await writeFile(path, '');
    await truncate(path, MAX_STATE_FILE_BYTES + 1);
    const error = await readStateBytes(path).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/it is \d+ bytes, more than the \d+ a state file can have$/);
  });
});

describe('writeFileAtomic', () => {
  it('leaves the target and no temporary file behind when it fails before the rename', async () => {
    const target = join(directory.path, 'state.json');
    await writeFile(target, 'old');
    const failing = writeFileAtomic(target, 'new', {
      temporaryPrefix: join(directory.path, '.state.json.tmp'),
      beforeReplace: () => Promise.reject(new Error('disk on fire')),
    });
    await expect(failing).rejects.toThrow('disk on fire');
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(directory.path)).toEqual(['state.json']);
  });

  it('writes Buffers as they are', async () => {
    const target = join(directory.path, 'bytes.bin');
    await writeFileAtomic(target, Buffer.from([0xc3, 0xa9]), { temporaryPrefix: join(directory.path, '.bytes.tmp') });
    expect(await readFile(target, 'utf8')).toBe('é');
  });
});

describe('backups', () => {
  it('never overwrites a backup made in the same millisecond', async () => {
    const stateFile = join(directory.path, 'dev.state.json');
    await writeFile(stateFile, '{}');
    const now = new Date('2026-11-22T02:38:53.340Z');
    const request = { stateFile, backupDirectory: join(directory.path, 'b'), serial: 3, now };
    const first = await createBackup(request);
    const second = await createBackup(request);
    expect(first.endsWith('2026-11-22T02-38-53-340Z.serial-3.json')).toBe(true);
    expect(second.endsWith('2026-11-22T02-38-53-340Z.serial-3-1.json')).toBe(true);
    expect(await listBackups(join(directory.path, 'b'))).toHaveLength(2);
  });

  it('copies when a hard link is impossible (another file system)', async () => {
    const stateFile = join(directory.path, 'dev.state.json');
    await writeFile(stateFile, 'content');
    const otherFileSystem = existsSync('/dev/shm') ? join('/dev/shm', `dataiku-iac-test-${process.pid}`) : join(directory.path, 'b');
    const backup = await createBackup({ stateFile, backupDirectory: otherFileSystem, serial: 1, link: true });
    expect(await readFile(backup, 'utf8')).toBe('content');
    await rotateBackups(otherFileSystem, 0);
    expect(await listBackups(otherFileSystem)).toEqual([]);
  });

  it('lists nothing for a missing directory and ignores foreign files', async () => {
    expect(await listBackups(join(directory.path, 'none'))).toEqual([]);
    await writeFile(join(directory.path, 'notes.txt'), 'x');
    expect(await listBackups(directory.path)).toEqual([]);
    await expect(listBackups(join(directory.path, 'notes.txt'))).rejects.toThrow(/ENOTDIR/);
  });
});

describe('small helpers', () => {
  it('isProcessAlive', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(1.5)).toBe(false);
  });

  it('stateFilePaths', () => {
    expect(stateFilePaths('dev.json')).toEqual({ stateFile: 'dev.json', lockFile: 'dev.json.lock', backupDirectory: 'dev.json.backups', journalFile: 'dev.json.journal', temporaryPrefix: '.dev.json.tmp' });
    expect(stateFilePaths('/dev.json').temporaryPrefix).toBe('/.dev.json.tmp');
    expect(stateFilePaths('a/b/dev.json').temporaryPrefix).toBe('a/b/.dev.json.tmp');
  });

  it('removeStaleTemporaries ignores a missing directory and foreign files', async () => {
    await removeStaleTemporaries(join(directory.path, 'missing', '.x.tmp'));
    await writeFile(join(directory.path, 'other'), 'x');
    await writeFile(join(directory.path, `.x.tmp-${process.pid}-aa`), 'mine');
    await removeStaleTemporaries(join(directory.path, '.x.tmp'));
    expect((await readdir(directory.path)).sort()).toEqual([`.x.tmp-${process.pid}-aa`, 'other']);
  });
});
