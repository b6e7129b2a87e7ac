import { resolve } from 'node:path';
import type { DssClient } from '@dataiku-iac/dss-client';
import { assertEnvironmentName, currentUser, InvalidArgumentError, type StateBackend } from '@dataiku-iac/models';
import { isDatabaseLocation } from '../database-location.js';
import type { StateManager } from '../state-manager.js';
import type { CliIo } from './cli-io.js';
import { describeRequest } from './describe-request.js';
import { type CommandOptions, parseConcurrency, parseTimeout } from './options.js';
import type { Output } from './output.js';
import { parseDuration } from './parse-duration.js';

const DEFAULT_ENVIRONMENT = 'dev';

/** What a running command needs, built from its options and the process environment. */
export class CommandContext {
  readonly io: CliIo;
  readonly out: Output;
  readonly options: CommandOptions;
  /** `sync`, `drift`, `state history`… */
  readonly commandName: string;

  constructor(io: CliIo, out: Output, options: CommandOptions, commandName: string) {
    this.io = io;
    this.out = out;
    this.options = options;
    this.commandName = commandName;
  }

  get environment(): string {
    const environment = this.options.env ?? DEFAULT_ENVIRONMENT;
    assertEnvironmentName(environment);
    return environment;
  }

  /** A path the user typed, relative to the working directory. */
  resolvePath(path: string): string {
    return resolve(this.io.cwd, path);
  }

  get lockTimeoutMs(): number | undefined {
    return this.options.lockTimeout === undefined ? undefined : parseDuration(this.options.lockTimeout, '--lock-timeout');
  }

  /** `--backend`, else `DATAIKU_IAC_BACKEND`, else `--state-file`, else the environment's default file. */
  stateLocation(): string | undefined {
    const backend = this.options.backend ?? nonEmpty(this.io.env.DATAIKU_IAC_BACKEND);
    if (backend !== undefined && !isDatabaseLocation(backend)) {
      throw new InvalidArgumentError(`--backend takes a postgres:// URL, not ${JSON.stringify(redactUrl(backend))}; for a local file use --state-file`);
    }
    if (backend !== undefined && this.options.stateFile !== undefined) {
      throw new InvalidArgumentError('use either --backend (or DATAIKU_IAC_BACKEND) or --state-file, not both');
    }
    return backend ?? this.options.stateFile;
  }

  /** The state backend at `location` (default: the command's own). */
  async backend(location: string | undefined = this.stateLocation()): Promise<StateBackend> {
    const { openBackend } = await import('../open-backend.js');
    return openBackend({
      location,
      environment: this.environment,
      cwd: this.io.cwd,
      env: this.io.env,
      lockTimeoutMs: this.lockTimeoutMs,
      onWarning: (message) => {
        this.out.warning(message);
      },
    });
  }

  /** The DSS client from the DSS options and the environment. */
  #client(Client: typeof DssClient): DssClient {
    const { options } = this;
    return new Client({
      env: this.io.env,
      host: options.host,
      apiKey: options.apiKey,
      concurrency: options.concurrency === undefined ? undefined : parseConcurrency(options.concurrency),
      timeoutMs: options.timeout === undefined ? undefined : parseTimeout(options.timeout),
      insecure: options.insecure,
      caFile: options.caFile === undefined ? undefined : resolve(this.io.cwd, options.caFile),
      ...(options.verbose === true
        ? {
            onRequest: (event) => {
              this.out.note(describeRequest(event));
            },
          }
        : {}),
    });
  }

  /**
   * A StateManager on the command's backend. A command that reads DSS builds the client at once,
   * so that a bad DSS setting is reported before any lock is taken; the others never need one.
   * The DSS client, the backends and the manager are loaded here, not with the CLI: `--help` and a
   * bad command line never pay for them, and `plan` has started its configuration's worker threads.
   */
  async manager(options: { readonly readsDss: boolean }): Promise<StateManager> {
    const redactionKey = nonEmpty(this.io.env.DATAIKU_IAC_REDACTION_KEY);
    const [{ StateManager }, { DssClient }] = await Promise.all([import('../state-manager.js'), import('@dataiku-iac/dss-client')]);
    const newClient = (): DssClient => this.#client(DssClient);
    const client = options.readsDss ? newClient() : undefined;
    return new StateManager({
      backend: await this.backend(),
      dss: client ?? newClient,
      environment: this.environment,
      deployedBy: currentUser(),
      ...(redactionKey === undefined ? {} : { redactionKey }),
      onWarning: (message) => {
        this.out.warning(message);
      },
    });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A URL as it may be shown: without its password. */
function redactUrl(text: string): string {
  return text.replace(/(\/\/[^/:@]*):[^/@]*@/, '$1:***@');
}
