import { DataikuIaCError } from '@dataiku-iac/models';
import type { DssClientOptions } from '../client-config.js';

/** The environment variables the client reads its host and key from. */
export type DssEnvironmentVariable = 'DATAIKU_HOST' | 'DATAIKU_API_KEY';

export interface DssConfigErrorInit {
  /** The whole message, in this library's words (`… set DATAIKU_HOST or pass the host option …`). */
  readonly message: string;
  readonly option: keyof DssClientOptions;
  readonly envVariable?: DssEnvironmentVariable | undefined;
  readonly problem: string;
}

/**
 * The DSS client cannot be configured: host or API key missing, bad host URL, bad option,
 * unreadable CA file. The message names this library's options; `option`, `envVariable` and
 * `problem` let a caller name its own (a command line's `--host`, `--ca-file`…) instead.
 */
export class DssConfigError extends DataikuIaCError {
  override readonly name = 'DssConfigError';
  /** The `DssClientOptions` key at fault (`host`, `apiKey`, `caFile`, `timeoutMs`…). */
  readonly option: keyof DssClientOptions;
  /** The environment variable that can also set it, when there is one. */
  readonly envVariable: DssEnvironmentVariable | undefined;
  /** What is wrong with the value, without naming the option or the variable (`is not set`, `cannot read /x.pem: ENOENT`). */
  readonly problem: string;

  constructor(init: DssConfigErrorInit) {
    super('CONFIG_INVALID', init.message);
    this.option = init.option;
    this.envVariable = init.envVariable;
    this.problem = init.problem;
  }
}
