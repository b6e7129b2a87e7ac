import { describe, expect, it } from 'vitest';
import { DataikuIaCError, hasErrorCode } from './errors/dataiku-iac-error.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { LockError } from './errors/lock-error.js';
import { ResourceNotFoundError } from './errors/resource-not-found-error.js';
import { StateConflictError } from './errors/state-conflict-error.js';
import { StateCorruptedError } from './errors/state-corrupted-error.js';
import { StateLockedError } from './errors/state-locked-error.js';
import { StateNotFoundError } from './errors/state-not-found-error.js';
import { StateReadError } from './errors/state-read-error.js';
import { StateWriteError } from './errors/state-write-error.js';

const lock = { id: 'abc', pid: 42, host: 'ci-1', user: 'alice', operation: 'sync', created: '2026-11-22T02:38:53.340+00:00' };

describe('errors', () => {
  it.each([
    [new StateNotFoundError('/s.json'), 'STATE_NOT_FOUND', 'state file not found: /s.json'],
    [new StateReadError('/s.json', 'permission denied'), 'STATE_READ', 'cannot read state file /s.json: permission denied'],
    [new StateWriteError('/s.json', 'disk full'), 'STATE_WRITE', 'cannot write state file /s.json: disk full'],
    [new StateConflictError('/s.json', 'serial 5 on disk is newer than 4'), 'STATE_CONFLICT', 'refusing to overwrite state file /s.json: serial 5 on disk is newer than 4'],
    [new StateLockedError('/s.json', lock), 'STATE_LOCKED', 'state is locked by alice@ci-1 (pid 42, sync) since 2026-11-22T02:38:53.340+00:00 (id abc)'],
    [new LockError('/s.json.lock', 'no lock is held'), 'LOCK_INVALID', 'lock /s.json.lock: no lock is held'],
    [new ResourceNotFoundError('dataset.P.x'), 'RESOURCE_NOT_FOUND', 'dataset.P.x does not exist in DSS'],
    [new ResourceNotFoundError('project.P'), 'RESOURCE_NOT_FOUND', 'project P does not exist in DSS (or this API key cannot see it)'],
    [new InvalidArgumentError('bad'), 'INVALID_ARGUMENT', 'bad'],
  ] as const)('%s has code and one-line message', (error, code, message) => {
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
    expect(DataikuIaCError.isInstance(error)).toBe(true);
    expect(hasErrorCode(error, code)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toMatch(/Error$/);
  });

  it('StateCorruptedError names the file and the first three problems', () => {
    const error = new StateCorruptedError('/s.json', ['a', 'b', 'c', 'd', 'e']);
    expect(error.message).toBe('state file /s.json is corrupted: a; b; c (and 2 more)');
    expect(error.problems).toHaveLength(5);
    expect(new StateCorruptedError('/s.json', ['only']).message).toBe('state file /s.json is corrupted: only');
  });

  it('recognises errors from another copy of the package by their marker, not instanceof', () => {
    const foreign = Object.assign(new Error('x'), { code: 'STATE_NOT_FOUND', [Symbol.for('dataiku-iac.error')]: true });
    expect(DataikuIaCError.isInstance(foreign)).toBe(true);
    expect(hasErrorCode(foreign, 'STATE_NOT_FOUND')).toBe(true);
    expect(DataikuIaCError.isInstance(new Error('plain'))).toBe(false);
    expect(DataikuIaCError.isInstance(null)).toBe(false);
    expect(hasErrorCode(new StateNotFoundError('/x'), 'STATE_READ')).toBe(false);
  });

  it('bounds the length of problems and quoted ids', async () => {
    const { shorten } = await import('./errors/shorten.js');
    const { InvalidResourceIdError } = await import('./errors/invalid-resource-id-error.js');
    const long = 'x'.repeat(100_000);
    const error = new StateCorruptedError('/s.json', [`/resources/${long}: bad`]);
    expect(error.message.length).toBeLessThan(600);
    expect(error.problems[0]).toHaveLength(500);
    expect(error.problems[0]?.endsWith('…')).toBe(true);
    expect(new InvalidResourceIdError(long, 'bad').message.length).toBeLessThan(300);
    expect(shorten('short')).toBe('short');
    expect(shorten(`${'a'.repeat(198)}😀tail`)).toBe(`${'a'.repeat(198)}…`);
  });

  it('oneLine puts a text on one line, cut to a length when given', async () => {
    const { oneLine } = await import('./errors/one-line.js');
    expect(oneLine('  first line\r\n  second\tline \n\n third  ')).toBe('first line second line third');
    expect(oneLine('x'.repeat(1000))).toHaveLength(1000);
    expect(oneLine(`a\n${'b'.repeat(20)}`, 10)).toBe('a bbbbbbb…');
  });

  it('newLockInfo names this process, its host and user, and a new id', async () => {
    const { hostname } = await import('node:os');
    const { newLockInfo, describeLockHolder } = await import('./errors/lock-info.js');
    const { currentUser } = await import('./current-user.js');
    const { isTimestamp } = await import('./timestamp.js');
    const info = newLockInfo('sync');
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), user: currentUser(), operation: 'sync' });
    expect(isTimestamp(info.created)).toBe(true);
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(newLockInfo('sync').id).not.toBe(info.id);
    expect(describeLockHolder(info)).toBe(`${currentUser()}@${hostname()} (pid ${process.pid}, sync)`);
  });

  it('carries a recovery hint when the raiser knows one', () => {
    expect(new StateReadError('/s', 'permission denied').hint).toBeUndefined();
    expect(new StateCorruptedError('/s', ['bad'], { hint: 'restore a backup' }).hint).toBe('restore a backup');
  });

  it('StateVersionError names the newer format and says to upgrade', async () => {
    const { StateVersionError } = await import('./errors/state-version-error.js');
    const error = new StateVersionError('/s.json', 2, 1);
    expect(error.code).toBe('STATE_VERSION_UNSUPPORTED');
    expect(error.version).toBe(2);
    expect(error.message).toBe('state file /s.json was written by a newer version of dataiku-iac (state format version 2; this version reads format 1)');
    expect(error.hint).toBe('upgrade dataiku-iac to read it; the file was not changed');
  });

  it('keeps the cause', () => {
    const cause = new Error('EACCES');
    expect(new StateReadError('/s', 'permission denied', { cause }).cause).toBe(cause);
  });
});
