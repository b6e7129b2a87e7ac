import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** The state file does not exist. */
export class StateNotFoundError extends DataikuIaCError {
  override readonly name = 'StateNotFoundError';
  readonly path: string;

  constructor(path: string, options?: IacErrorOptions) {
    super('STATE_NOT_FOUND', `state file not found: ${path}`, options);
    this.path = path;
  }
}
