import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** Saving would overwrite a state of another lineage, or a newer serial of the same lineage. */
export class StateConflictError extends DataikuIaCError {
  override readonly name = 'StateConflictError';
  readonly path: string;

  constructor(path: string, reason: string, options?: IacErrorOptions) {
    super('STATE_CONFLICT', `refusing to overwrite state file ${path}: ${reason}`, options);
    this.path = path;
  }
}
