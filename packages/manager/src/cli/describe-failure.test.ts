import { DssConnectionError } from '@dataiku-iac/dss-client';
import { InvalidArgumentError, StateConflictError, StateCorruptedError, StateLockedError, StateNotFoundError, StateReadError } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.js';

const lock = { id: 'abc', pid: 42, host: 'ci-1', user: 'alice', operation: 'sync', created: '2026-11-22T02:38:53.340+00:00' };

describe('describeFailure', () => {
  it("adds the error's own hint, then what the command line knows, on one line", () => {
    const corrupted = new StateCorruptedError('/s', ['bad'], { hint: 'restore the newest good backup from /s.backups' });
    expect(describeFailure(corrupted, { command: 'show' })).toBe('state file /s is corrupted: bad; restore the newest good backup from /s.backups');
    expect(describeFailure(corrupted, { command: 'sync' })).toBe(
      'state file /s is corrupted: bad; restore the newest good backup from /s.backups; or run sync --force to start again from DSS (the unreadable state is kept aside first)',
    );
    expect(describeFailure(new StateReadError('/d/s', 'permission denied'), { command: 'show' })).toBe('cannot read state file /d/s: permission denied');
    expect(describeFailure(new StateConflictError('/s', 'newer'), { command: 'drift' })).toBe('refusing to overwrite state file /s: newer');
    expect(describeFailure(new StateConflictError('/s', 'newer'), { command: 'sync' })).toBe('refusing to overwrite state file /s: newer; run sync --force to replace it (it is kept aside first)');
    expect(describeFailure(new StateNotFoundError('/s'), { command: 'show' })).toBe('state file not found: /s; run dataiku-iac sync first');
    expect(describeFailure(new StateNotFoundError('/s'), { command: 'diff' })).toBe('state file not found: /s');
    expect(describeFailure(new StateLockedError('/s', lock), { command: 'sync' })).toMatch(/; wait for it to finish \(or retry with --lock-timeout 5m\), or if that command is no longer running: dataiku-iac force-unlock abc$/);
    expect(describeFailure(new InvalidArgumentError('multi\n  line'), { command: undefined })).toBe('multi line');
  });

  it('names the flags a user types for DSS problems', () => {
    const unreachable = new DssConnectionError({ failure: 'network', host: 'https://dss', method: 'GET', path: '/public/api/projects/', attempts: 5, detail: 'connection refused' });
    expect(describeFailure(unreachable, { command: 'sync' })).toMatch(/; check --host \(or DATAIKU_HOST\) and the network$/);
    const tls = new DssConnectionError({ failure: 'tls', host: 'https://dss', method: 'GET', path: '/public/api/projects/', attempts: 1, detail: 'TLS certificate not trusted' });
    expect(describeFailure(tls, { command: 'sync' })).toMatch(/; pass --ca-file with its CA certificate, or --insecure to skip verification$/);
  });

  it("says a DSS client setting's problem with the flag that sets it", async () => {
    const { DssClient, DssConfigError } = await import('@dataiku-iac/dss-client');
    const thrownBy = (create: () => unknown): unknown => {
      try {
        create();
      } catch (error) {
        return error;
      }
      throw new Error('expected the client to refuse its settings');
    };
    const noHost = thrownBy(() => new DssClient({ env: {} }));
    expect(describeFailure(noHost, { command: 'sync' })).toBe('DSS host is not set (e.g. https://dss.example.com:11200): set DATAIKU_HOST or pass --host');
    const noKey = thrownBy(() => new DssClient({ host: 'https://dss.example.com', env: {} }));
    expect(describeFailure(noKey, { command: 'sync' })).toBe('DSS API key is not set: set DATAIKU_API_KEY or pass --api-key');
    const noScheme = thrownBy(() => new DssClient({ host: 'dss.example.com', apiKey: 'k', env: {} }));
    expect(describeFailure(noScheme, { command: 'sync' })).toMatch(/^DSS host "dss\.example\.com" has no scheme: write https:\/\/dss\.example\.com .*: set DATAIKU_HOST or pass --host$/);
    const ca = new DssConfigError({ message: 'cannot read caFile /x.pem: ENOENT', option: 'caFile', problem: 'cannot read /x.pem: ENOENT' });
    expect(describeFailure(ca, { command: 'sync' })).toBe('--ca-file: cannot read /x.pem: ENOENT');
    const other = new DssConfigError({ message: 'option retries must be an integer >= 0, got -1', option: 'retries', problem: 'must be an integer >= 0, got -1' });
    expect(describeFailure(other, { command: 'sync' })).toBe('option retries must be an integer >= 0, got -1');
  });

  it('calls anything else unexpected and points to --verbose', () => {
    expect(describeFailure(new TypeError('x is not a function'), { command: 'sync' })).toBe('unexpected error: x is not a function; run with --verbose for the stack trace');
    expect(describeFailure('a string', { command: 'sync' })).toBe('unexpected error: a string; run with --verbose for the stack trace');
  });
});
