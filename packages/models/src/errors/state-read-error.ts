import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** The state file could not be read: permissions, I/O errors, not a regular file. */
export class StateReadError extends DataikuIaCError {
  override readonly name = 'StateReadError';
  readonly path: string;

  constructor(path: string, reason: string, options?: IacErrorOptions) {
    super('STATE_READ', `cannot read state file ${path}: ${reason}`, options);
    this.path = path;
  }
}
