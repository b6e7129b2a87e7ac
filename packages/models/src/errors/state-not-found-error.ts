import { DataikuIaCError } from './dataiku-iac-error.js';

/** The state file does not exist. */
export class StateNotFoundError extends DataikuIaCError {
  override readonly name = 'StateNotFoundError';
  readonly path: string;

  constructor(path: string) {
    super('STATE_NOT_FOUND', `state file not found: ${path}`);
    this.path = path;
  }
}
