const MARKER = Symbol.for('dataiku-iac.error');

/** Every error code thrown by a `@dataiku-iac/*` package. */
export type IacErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_RESOURCE_ID'
  | 'STATE_NOT_FOUND'
  | 'STATE_CORRUPTED'
  | 'STATE_READ'
  | 'STATE_WRITE'
  | 'STATE_CONFLICT'
  | 'STATE_VERSION_UNSUPPORTED'
  | 'STATE_LOCKED'
  | 'LOCK_INVALID'
  | 'RESOURCE_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'DSS_HTTP'
  | 'DSS_UNREACHABLE'
  | 'DSS_RESPONSE_INVALID'
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_SCHEMA_UNSUPPORTED'
  | 'JOURNAL_CORRUPTED'
  | 'PLAN_INVALID'
  | 'PLAN_STALE'
  | 'APPLY_FAILED';

/** `ErrorOptions` plus what to do about the error. */
export interface IacErrorOptions extends ErrorOptions {
  /**
   * How to recover, in the words of the layer that knows (e.g. where the backups of a corrupted
   * state file are). Shown after the message by the command line.
   */
  readonly hint?: string | undefined;
}

/**
 * Base class of all Dataiku IaC errors.
 *
 * Packages are versioned independently, so a program can hold two copies of this class: recognise
 * our errors with `DataikuIaCError.isInstance(error)` and `error.code`, not with `instanceof`.
 */
export class DataikuIaCError extends Error {
  override readonly name: string = 'DataikuIaCError';
  readonly code: IacErrorCode;
  /** How to recover, when the raiser knows (see `IacErrorOptions.hint`). */
  readonly hint: string | undefined;
  private readonly [MARKER] = true;

  constructor(code: IacErrorCode, message: string, options?: IacErrorOptions) {
    super(message, options);
    this.code = code;
    this.hint = options?.hint;
  }

  static isInstance(error: unknown): error is DataikuIaCError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }
}

/** True when `error` is a Dataiku IaC error with the given code. */
export function hasErrorCode(error: unknown, code: IacErrorCode): error is DataikuIaCError {
  return DataikuIaCError.isInstance(error) && error.code === code;
}
