import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { currentUser } from '../current-user.js';
import { nowTimestamp } from '../timestamp.js';

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

/** The holder of a lock this process takes now for `operation` (`sync`, `apply`…), with a new id. */
export function newLockInfo(operation: string): LockInfo {
  return { id: randomUUID(), pid: process.pid, host: hostname(), user: currentUser(), operation, created: nowTimestamp() };
}

export function describeLockHolder(lock: LockInfo): string {
  return `${lock.user}@${lock.host} (pid ${lock.pid}, ${lock.operation})`;
}
