import { isAbsolute, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { assertEnvironmentName, defaultStatePath, LocalFileBackend } from '@dataiku-iac/backend-local';
import { DssClient } from '@dataiku-iac/dss-client';
import { StateManager } from '../state-manager.js';
import type { CliIo } from './cli-io.js';
import type { Output } from './output.js';
import type { CommandLine } from './parse-command-line.js';
import { parseDuration } from './parse-duration.js';
import { UsageError } from './usage-error.js';

const DEFAULT_ENVIRONMENT = 'dev';

/** Everything a command needs, built from the command line and the environment. */
export class CommandContext {
  readonly io: CliIo;
  readonly options: CommandLine;
  readonly out: Output;

  constructor(io: CliIo, options: CommandLine, out: Output) {
    this.io = io;
    this.options = options;
    this.out = out;
  }

  get environment(): string {
    const environment = this.options.env ?? DEFAULT_ENVIRONMENT;
    assertEnvironmentName(environment);
    return environment;
  }

  resolvePath(path: string): string {
    return isAbsolute(path) ? path : resolve(this.io.cwd, path);
  }

  stateFile(): string {
    const environment = this.environment;
    return this.options.stateFile === undefined ? defaultStatePath(environment, this.io.cwd) : this.resolvePath(this.options.stateFile);
  }

  backend(stateFile = this.stateFile()): LocalFileBackend {
    return new LocalFileBackend({
      stateFile,
      lockTimeoutMs: this.options.lockTimeout === undefined ? 0 : parseDuration(this.options.lockTimeout, '--lock-timeout'),
      onWarning: (message) => {
        this.out.warning(message);
      },
    });
  }

  client(): DssClient {
    return new DssClient({
      env: this.io.env,
      concurrency: this.concurrency(),
      ...(this.options.timeout === undefined ? {} : { timeoutMs: this.timeout(this.options.timeout) }),
      insecure: this.options.insecure,
      ...(this.options.host === undefined ? {} : { host: this.options.host }),
      ...(this.options.apiKey === undefined ? {} : { apiKey: this.options.apiKey }),
      ...(this.options.caFile === undefined ? {} : { caFile: this.resolvePath(this.options.caFile) }),
      ...(this.options.verbose
        ? {
            onRequest: (event) => {
              // A failed 2xx (a cut-off or unusable body) needs its reason; an error status speaks for itself.
              const outcome =
                event.status === undefined
                  ? (event.error ?? 'failed')
                  : event.status < 300 && event.error !== undefined
                    ? `${event.status} (${event.error})`
                    : String(event.status);
              const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
              const retry = event.retryInMs === undefined ? '' : `, retrying in ${Math.round(event.retryInMs)}ms`;
              this.out.note(`${event.method} ${event.path} ${outcome} ${Math.round(event.durationMs)}ms${attempt}${retry}`);
            },
          }
        : {}),
    });
  }

  manager(backend: LocalFileBackend, client: DssClient): StateManager {
    const redactionKey = this.io.env.DATAIKU_IAC_REDACTION_KEY;
    return new StateManager({
      backend,
      client,
      environment: this.environment,
      deployedBy: currentUser(),
      ...(redactionKey === undefined || redactionKey === '' ? {} : { redactionKey }),
      onWarning: (message) => {
        this.out.warning(message);
      },
    });
  }

  private timeout(text: string): number {
    const milliseconds = parseDuration(text, '--timeout');
    if (milliseconds < 1) throw new UsageError(`--timeout must be longer than 0, not ${JSON.stringify(text)}`);
    return milliseconds;
  }

  private concurrency(): number | undefined {
    const text = this.options.concurrency;
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > 256) throw new UsageError(`--concurrency expects a whole number from 1 to 256, not ${JSON.stringify(text)}`);
    return value;
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'system';
  }
}
