import type { Command } from 'commander';
import { parseDuration } from './parse-duration.js';
import { UsageError } from './usage-error.js';

/** Every option a command may have, as commander hands them over (values still raw text). */
export interface CommandOptions {
  readonly env?: string;
  readonly stateFile?: string;
  readonly backend?: string;
  readonly project?: readonly string[];
  readonly all?: boolean;
  readonly json?: boolean;
  readonly force?: boolean;
  readonly host?: string;
  readonly apiKey?: string;
  readonly concurrency?: string;
  readonly timeout?: string;
  readonly insecure?: boolean;
  readonly caFile?: string;
  readonly lockTimeout?: string;
  readonly from?: string;
  readonly to?: string;
  readonly color?: boolean;
  readonly verbose?: boolean;
  readonly config?: string;
  readonly refresh?: string | boolean;
  readonly out?: string;
  readonly allowDestroyProject?: boolean;
  readonly autoApprove?: boolean;
  readonly continueOnError?: boolean;
  readonly dir?: string;
  readonly overwrite?: boolean;
  readonly format?: string;
  readonly journal?: boolean;
}

/** For repeatable options: every value given, in order. */
export const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

/** Where the state is: the environment, a state file, or a remote backend. */
export function withStateOptions(command: Command): Command {
  return command
    .optionsGroup('State options:')
    .option('-e, --env <name>', 'environment (default: dev); its state is .dataiku/state/<name>.state.json')
    .option('--state-file <path>', 'use this state file instead')
    .option('--backend <url>', 'keep the state in PostgreSQL instead: postgres://user@host:5432/db (default: $DATAIKU_IAC_BACKEND)');
}

/** Waiting for another command's lock. */
export function withLockTimeout(command: Command): Command {
  return command.option('--lock-timeout <duration>', "wait this long for another command's lock (e.g. 30s, 5m; default: 0)");
}

/** Which projects to read from DSS. */
export function withScopeOptions(command: Command, verb: string): Command {
  return command
    .option('-p, --project <key>', `${verb} this project (repeatable)`, collect)
    .option('--all', `${verb} every project in DSS`);
}

/** Where the configuration is. */
export function withConfigOption(command: Command, defaultText = 'dataiku.yaml, else dataiku/'): Command {
  return command.option('-c, --config <path>', `the configuration: a YAML file or a directory of them (default: ${defaultText})`);
}

/** How to reach DSS. */
export function withDssOptions(command: Command): Command {
  return command
    .optionsGroup('DSS options:')
    .option('--host <url>', 'DSS URL (default: $DATAIKU_HOST)')
    .option('--api-key <key>', 'API key (default: $DATAIKU_API_KEY; prefer the variable: arguments are visible to other users of the machine)')
    .option('--concurrency <n>', "requests in flight at most (default: 10, like Terraform's -parallelism)")
    .option('--timeout <duration>', 'give up on a request after this long (default: 60s, for each attempt)')
    .option('--insecure', 'do not verify the TLS certificate of DSS')
    .option('--ca-file <path>', 'trust the CA certificates in this PEM file');
}

/** `--concurrency`: 1 to 256. */
export function parseConcurrency(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 256) {
    throw new UsageError(`--concurrency expects a whole number from 1 to 256, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** `--timeout`: a duration longer than 0. */
export function parseTimeout(text: string): number {
  const milliseconds = parseDuration(text, '--timeout');
  if (milliseconds < 1) throw new UsageError(`--timeout must be longer than 0, not ${JSON.stringify(text)}`);
  return milliseconds;
}
