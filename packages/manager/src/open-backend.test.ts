import { join } from 'node:path';
import { hasErrorCode } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { isDatabaseLocation } from './database-location.js';
import { openBackend } from './open-backend.js';

describe('openBackend', () => {
  it("opens the environment's state file by default, or the given path (relative to cwd)", async () => {
    expect((await openBackend({ environment: 'prod', cwd: '/work' })).location).toBe(join('/work', '.dataiku', 'state', 'prod.state.json'));
    expect((await openBackend({ environment: 'dev', cwd: '/work', location: 'x/s.json' })).location).toBe('/work/x/s.json');
    expect((await openBackend({ environment: 'dev', cwd: '/work', location: '/abs/s.json' })).location).toBe('/abs/s.json');
  });

  it('refuses a bad environment name or an empty location before touching anything', async () => {
    for (const settings of [{ environment: '../etc', cwd: '/w' }, { environment: 'dev', cwd: '/w', location: ' ' }]) {
      const error = await openBackend(settings).catch((caught: unknown) => caught);
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('tells database URLs from file paths', () => {
    expect(isDatabaseLocation('postgres://u@h/db')).toBe(true);
    expect(isDatabaseLocation('PostgreSQL://u@h/db')).toBe(true);
    expect(isDatabaseLocation('./postgres.json')).toBe(false);
  });
});

describe('openBackend for PostgreSQL', () => {
  it('opens a PostgreSQL backend for a postgres:// URL, never showing its password', async () => {
    const backend = await openBackend({ environment: 'dev', cwd: '/work', location: 'postgres://iac:s3cret@127.0.0.1:1/states', lockTimeoutMs: 10, onWarning: () => undefined, env: {} });
    expect(backend.location).toContain('127.0.0.1:1/states');
    expect(backend.location).not.toContain('s3cret');
    await backend.close();
  });
});
