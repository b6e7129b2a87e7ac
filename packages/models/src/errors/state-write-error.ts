import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** The state could not be written. The previous file, if any, is unchanged. */
export class StateWriteError extends DataikuIaCError {
  override readonly name = 'StateWriteError';
  readonly path: string;

  constructor(path: string, reason: string, options?: IacErrorOptions) {
    super('STATE_WRITE', `cannot write state file ${path}: ${reason}`, options);
    this.path = path;
  }
}
