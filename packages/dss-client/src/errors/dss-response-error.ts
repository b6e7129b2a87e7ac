import { DataikuIaCError, hasErrorCode } from '@dataiku-iac/models';

export interface DssResponseErrorInit {
  readonly method: string;
  readonly path: string;
  /** What is wrong, e.g. `expected "type" to be a string, got number`. */
  readonly problem: string;
}

/**
 * DSS (or something in front of it) answered 2xx with a body we cannot use: not JSON (an HTML login
 * page from a proxy…), malformed or truncated JSON, too large, or JSON of an unexpected shape.
 */
export class DssResponseError extends DataikuIaCError {
  override readonly name = 'DssResponseError';
  readonly method: string;
  readonly path: string;
  readonly problem: string;

  constructor(init: DssResponseErrorInit) {
    super('DSS_RESPONSE_INVALID', `${init.method} ${init.path}: ${init.problem}`);
    this.method = init.method;
    this.path = init.path;
    this.problem = init.problem;
  }

  static override isInstance(error: unknown): error is DssResponseError {
    return hasErrorCode(error, 'DSS_RESPONSE_INVALID');
  }
}
