import { describe, expect, it } from 'vitest';
import { isPostgresUrl, parseConnectionUrl } from './connection-settings.js';

const SECRET = 's3cr:t@/?#pw';

describe('parseConnectionUrl', () => {
  it('reads every part of a URL, decoding them, and shows it without the password', () => {
    const settings = parseConnectionUrl(`postgresql://ana%20b:${encodeURIComponent(SECRET)}@db.example.com:6543/states%2Dprod?sslmode=verify-full&schema=team_a&connect_timeout=2.5`, {});
    expect(settings).toEqual({
      host: 'db.example.com',
      port: 6543,
      user: 'ana b',
      database: 'states-prod',
      password: SECRET,
      sslMode: 'verify-full',
      schema: 'team_a',
      connectTimeoutMs: 2500,
      display: 'postgres://ana b@db.example.com:6543/states-prod',
    });
    expect(settings.display).not.toContain('s3cr');
  });

  it('defaults missing parts as libpq does', () => {
    const env = { PGUSER: 'env_user', PGHOST: 'env-host', PGPORT: '5433', PGDATABASE: 'env_db', PGPASSWORD: 'from-env' };
    expect(parseConnectionUrl('postgres://', env)).toMatchObject({ user: 'env_user', host: 'env-host', port: 5433, database: 'env_db', password: 'from-env', sslMode: 'disable', schema: undefined, connectTimeoutMs: 10_000 });
    expect(parseConnectionUrl('postgres://u:url-pw@h/d', env)).toMatchObject({ user: 'u', host: 'h', port: 5433, database: 'd', password: 'url-pw' });
    const bare = parseConnectionUrl('postgres://ana@h', { PGUSER: '', PGPASSWORD: '' });
    expect(bare).toMatchObject({ user: 'ana', host: 'h', port: 5432, database: 'ana', password: undefined });
    expect(parseConnectionUrl('postgres:///db', {}).host).toBe('localhost');
    expect(parseConnectionUrl('postgres://x@[::1]:5432/db', {})).toMatchObject({ host: '::1', display: 'postgres://x@[::1]:5432/db' });
  });

  it.each([
    ['not a URL', 'invalid PostgreSQL URL: expected postgres://user[:password]@host[:port]/database'],
    [`mysql://u:${SECRET}@h/d`, 'invalid PostgreSQL URL: expected'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h:99999/d`, 'invalid PostgreSQL URL: expected'],
    [`postgres://u:${SECRET}@h/d`, 'invalid PostgreSQL URL: expected'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h/d#x`, 'invalid PostgreSQL URL postgres://u@h:5432/d: it has a "#" part: percent-encode "#", "@", "/" and "?" in the password'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h:0/d`, 'invalid PostgreSQL URL postgres://u@h:0/d: port "0" is not a port number'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h/d/e`, 'the path must be just the database name'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h/d?password=x`, 'unsupported parameter "password" (supported: sslmode, schema, connect_timeout)'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h/d?sslmode=prefer`, 'sslmode must be disable, require, verify-full, not "prefer"'],
    [`postgres://u:${encodeURIComponent(SECRET)}@h/d?connect_timeout=0`, 'connect_timeout must be a number of seconds greater than 0'],
  ])('refuses %j in one line that never shows the password', (url, message) => {
    let error: unknown;
    try {
      parseConnectionUrl(url, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('s3cr');
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).cause).toBeUndefined();
  });

  it('keeps a password that is not valid percent-encoding as it is', () => {
    expect(parseConnectionUrl('postgres://u:100%@h/d', {}).password).toBe('100%');
  });

  it('tells a PostgreSQL URL from a file path', () => {
    expect(isPostgresUrl('postgres://h/d')).toBe(true);
    expect(isPostgresUrl('PostgreSQL://h/d')).toBe(true);
    expect(isPostgresUrl('./postgres://x')).toBe(false);
    expect(isPostgresUrl('prod.state.json')).toBe(false);
  });
});
