import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/**
 * The state was written in a format version newer than this tool reads. It is never modified, not
 * even by a forced save: only a newer tool can read it without losing what it holds.
 */
export class StateVersionError extends DataikuIaCError {
  override readonly name = 'StateVersionError';
  readonly path: string;
  readonly version: number;

  constructor(path: string, version: number, supported: number, options?: IacErrorOptions) {
    super(
      'STATE_VERSION_UNSUPPORTED',
      `state file ${path} was written by a newer version of dataiku-iac (state format version ${version}; this version reads format ${supported})`,
      { hint: 'upgrade dataiku-iac to read it; the file was not changed', ...options },
    );
    this.path = path;
    this.version = version;
  }
}
