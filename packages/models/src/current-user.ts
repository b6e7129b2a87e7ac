import { userInfo } from 'node:os';

/**
 * Who runs this process, as lock holders and `deployed_by` name them: the account's login name,
 * else `$USER` or `$USERNAME` (an account without a passwd entry, as in some containers), else
 * `unknown`.
 */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
