/** What a state lock file holds: who took the lock, where and when. */
export interface LockInfo {
  readonly id: string;
  readonly pid: number;
  readonly host: string;
  readonly user: string;
  readonly operation: string;
  /** RFC 3339 timestamp. */
  readonly created: string;
}

export function describeLockHolder(lock: LockInfo): string {
  return `${lock.user}@${lock.host} (pid ${lock.pid}, ${lock.operation})`;
}
