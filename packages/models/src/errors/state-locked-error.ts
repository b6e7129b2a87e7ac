import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';
import { describeLockHolder, type LockInfo } from './lock-info.js';

/** Another process holds the state lock. */
export class StateLockedError extends DataikuIaCError {
  override readonly name = 'StateLockedError';
  readonly path: string;
  readonly lock: LockInfo;

  constructor(path: string, lock: LockInfo, options?: IacErrorOptions) {
    super('STATE_LOCKED', `state is locked by ${describeLockHolder(lock)} since ${lock.created} (id ${lock.id})`, options);
    this.path = path;
    this.lock = lock;
  }
}
