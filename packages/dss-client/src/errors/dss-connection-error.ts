import { DataikuIaCError, hasErrorCode } from '@dataiku-iac/models';

/**
 * What went wrong on the network: no response (`network`), no response in time (`timeout`), or the
 * server's TLS certificate was not accepted (`tls`).
 */
export type DssConnectionFailure = 'network' | 'timeout' | 'tls';

export interface DssConnectionErrorInit {
  readonly failure: DssConnectionFailure;
  /** The DSS host URL, without credentials. */
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /** What happened, without a remedy: `connection refused`, `TLS certificate not trusted (…)`… */
  readonly detail: string;
  /** What to do or check, appended to the message after `; ` (e.g. `if DSS serves plain HTTP, use an http:// URL`). */
  readonly remedy?: string | undefined;
  readonly attempts: number;
  readonly timeoutMs?: number;
}

/** DSS could not be reached: connection refused or reset, DNS failure, TLS failure, truncated response or timeout. */
export class DssConnectionError extends DataikuIaCError {
  override readonly name = 'DssConnectionError';
  readonly failure: DssConnectionFailure;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /**
   * What happened, without a remedy, so that a caller can phrase its own: for `failure: 'tls'` the
   * certificate problem (`TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT: …)`), to which a
   * command line adds its own flags (`--ca-file`, `--insecure`).
   */
  readonly detail: string;
  readonly attempts: number;

  constructor(init: DssConnectionErrorInit) {
    const attempts = init.attempts > 1 ? `${init.attempts} attempts` : '';
    const remedy = init.remedy === undefined ? '' : `; ${init.remedy}`;
    const message =
      init.failure === 'timeout'
        ? `${init.method} ${init.path} timed out after ${init.timeoutMs ?? 0} ms${attempts === '' ? '' : ` (${attempts})`}`
        : `cannot reach ${init.host}: ${init.detail}${remedy} (${init.method} ${init.path}${attempts === '' ? '' : `, ${attempts}`})`;
    super('DSS_UNREACHABLE', message);
    this.failure = init.failure;
    this.host = init.host;
    this.method = init.method;
    this.path = init.path;
    this.detail = init.detail;
    this.attempts = init.attempts;
  }

  static override isInstance(error: unknown): error is DssConnectionError {
    return hasErrorCode(error, 'DSS_UNREACHABLE');
  }
}
