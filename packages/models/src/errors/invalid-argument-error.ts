import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** A caller passed a value that can never be valid (a bad environment name, a non-JSON attribute…). */
export class InvalidArgumentError extends DataikuIaCError {
  override readonly name = 'InvalidArgumentError';

  constructor(message: string, options?: IacErrorOptions) {
    super('INVALID_ARGUMENT', message, options);
  }
}
