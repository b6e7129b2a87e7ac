import { InvalidArgumentError, StateConflictError, StateCorruptedError, StateNotFoundError, StateReadError } from '@dataiku-iac/models';
import { DssConnectionError } from '@dataiku-iac/dss-client';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.js';

describe('describeFailure', () => {
  it('adds what to do, on one line', () => {
    expect(describeFailure(new StateConflictError('/s', 'it cannot be read (x); restore …, or force the save to replace it'), { command: 'sync' })).toBe(
      'refusing to overwrite state file /s: it cannot be read (x); restore …, or force the save to replace it (--force)',
    );
    expect(describeFailure(new StateConflictError('/s', 'newer'), { command: 'drift' })).toBe('refusing to overwrite state file /s: newer');
    expect(describeFailure(new StateCorruptedError('/s', ['bad']), { command: 'show' })).toBe(
      'state file /s is corrupted: bad; restore the newest good backup from /s.backups, or run sync --force to rebuild the state (the bad file is backed up first)',
    );
    expect(describeFailure(new StateReadError('/d/s', 'permission denied'), { command: 'sync' })).toBe(
      'cannot read state file /d/s: permission denied; fix it, restore the newest good backup from /d/s.backups, or run sync --force to replace it (the unreadable file is backed up first)',
    );
    expect(describeFailure(new StateReadError('/d/s', 'permission denied'), { command: 'show' })).toBe('cannot read state file /d/s: permission denied');
    expect(describeFailure(new StateNotFoundError('/s'), { command: 'show' })).toBe('state file not found: /s; run dataiku-iac sync first');
    expect(describeFailure(new InvalidArgumentError('multi\n  line'), { command: undefined })).toBe('multi line');
    const unreachable = new DssConnectionError({ failure: 'network', host: 'https://dss', method: 'GET', path: '/public/api/projects/', attempts: 5, detail: 'connection refused' });
    expect(describeFailure(unreachable, { command: 'sync' })).toMatch(/; check --host \(or DATAIKU_HOST\) and the network$/);
  });

  it('calls anything else unexpected and points to --verbose', () => {
    expect(describeFailure(new TypeError('x is not a function'), { command: 'sync' })).toBe('unexpected error: x is not a function; run with --verbose for the stack trace');
    expect(describeFailure('a string', { command: 'sync' })).toBe('unexpected error: a string; run with --verbose for the stack trace');
  });
});

describe('describeParseError', () => {
  it('keeps the first line of messages it does not know', async () => {
    const { describeParseError } = await import('./parse-command-line.js');
    expect(describeParseError(new Error('Something new\nwith details'))).toBe('Something new');
  });
});
