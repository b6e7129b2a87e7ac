import type * as os from 'node:os';
import { userInfo } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentUser } from './current-user.js';

const noPasswdEntry = vi.hoisted(() => ({ active: false }));

// An account without a passwd entry (a container run with an arbitrary uid) makes userInfo() throw.
vi.mock('node:os', async (importOriginal) => {
  const actual = await importOriginal<typeof os>();
  return {
    ...actual,
    userInfo: (...args: Parameters<typeof os.userInfo>) => {
      if (noPasswdEntry.active) throw Object.assign(new Error('uv_os_get_passwd returned ENOENT'), { code: 'ERR_SYSTEM_ERROR' });
      return actual.userInfo(...args);
    },
  };
});

afterEach(() => {
  noPasswdEntry.active = false;
  vi.unstubAllEnvs();
});

describe('currentUser', () => {
  it("is the account's login name", () => {
    expect(currentUser()).toBe(userInfo().username);
  });

  it('falls back to $USER, then $USERNAME, then "unknown" when the account has no passwd entry', () => {
    noPasswdEntry.active = true;
    vi.stubEnv('USER', 'alice');
    vi.stubEnv('USERNAME', 'bob');
    expect(currentUser()).toBe('alice');
    vi.stubEnv('USER', undefined);
    expect(currentUser()).toBe('bob');
    vi.stubEnv('USERNAME', undefined);
    expect(currentUser()).toBe('unknown');
  });
});
