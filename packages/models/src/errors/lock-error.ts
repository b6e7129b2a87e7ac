import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** A lock operation was refused: no lock to unlock, another id, an unreadable lock file. */
export class LockError extends DataikuIaCError {
  override readonly name = 'LockError';
  readonly path: string;

  constructor(path: string, reason: string, options?: IacErrorOptions) {
    super('LOCK_INVALID', `lock ${path}: ${reason}`, options);
    this.path = path;
  }
}
