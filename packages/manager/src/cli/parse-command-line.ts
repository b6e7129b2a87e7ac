import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

export const COMMANDS = ['sync', 'drift', 'diff', 'show', 'validate', 'force-unlock', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

const OPTIONS = {
  project: { type: 'string', multiple: true, short: 'p' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  env: { type: 'string', short: 'e' },
  'state-file': { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  insecure: { type: 'boolean' },
  'ca-file': { type: 'string' },
  'lock-timeout': { type: 'string' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

const GLOBAL: readonly OptionName[] = ['env', 'state-file', 'no-color', 'verbose', 'help', 'version'];
const DSS: readonly OptionName[] = ['host', 'api-key', 'concurrency', 'timeout', 'insecure', 'ca-file'];

/** The options each command accepts, besides the global ones. */
const COMMAND_OPTIONS: Readonly<Record<CommandName, readonly OptionName[]>> = {
  sync: ['project', 'all', 'force', 'lock-timeout', ...DSS],
  drift: ['project', 'all', 'json', ...DSS],
  diff: ['json'],
  show: ['json'],
  validate: [],
  'force-unlock': [],
  help: [],
};

const POSITIONALS: Readonly<Record<CommandName, readonly [number, number, string]>> = {
  sync: [0, 0, ''],
  drift: [0, 0, ''],
  diff: [2, 2, 'OLD NEW'],
  show: [0, 0, ''],
  validate: [0, 1, '[FILE]'],
  'force-unlock': [1, 1, 'LOCK_ID'],
  help: [0, 1, '[COMMAND]'],
};

export interface CommandLine {
  readonly command: CommandName | undefined;
  readonly args: readonly string[];
  readonly projects: readonly string[];
  readonly all: boolean;
  readonly json: boolean;
  readonly force: boolean;
  readonly env: string | undefined;
  readonly stateFile: string | undefined;
  readonly host: string | undefined;
  readonly apiKey: string | undefined;
  readonly concurrency: string | undefined;
  readonly timeout: string | undefined;
  readonly insecure: boolean;
  readonly caFile: string | undefined;
  readonly lockTimeout: string | undefined;
  readonly noColor: boolean;
  readonly verbose: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/**
 * Parse `dataiku-iac <command> [options] [args]`. Options may come before or after the command.
 * @throws UsageError (INVALID_ARGUMENT) for unknown commands or options, options that do not apply
 *   to the command, or the wrong number of arguments
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error));
  }
  const { values, positionals } = parsed;
  const [first, ...args] = positionals;
  if (first !== undefined && !(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command ${JSON.stringify(first)}; commands: ${COMMANDS.join(', ')}`);
  }
  const command = first as CommandName | undefined;
  if (command !== undefined && values.help !== true) {
    const allowed = new Set<string>([...GLOBAL, ...COMMAND_OPTIONS[command]]);
    for (const name of Object.keys(values)) {
      if (!allowed.has(name)) throw new UsageError(`option --${name} does not apply to ${command}; see dataiku-iac ${command} --help`);
    }
    const [min, max, shape] = POSITIONALS[command];
    if (args.length < min || args.length > max) {
      throw new UsageError(`${command} takes ${shape === '' ? 'no arguments' : shape}, got ${args.length === 0 ? 'none' : args.map((arg) => JSON.stringify(arg)).join(' ')}`);
    }
  }
  if (values.all === true && values.project !== undefined) throw new UsageError('use either --project or --all, not both');
  return {
    command,
    args,
    projects: values.project ?? [],
    all: values.all === true,
    json: values.json === true,
    force: values.force === true,
    env: values.env,
    stateFile: values['state-file'],
    host: values.host,
    apiKey: values['api-key'],
    concurrency: values.concurrency,
    timeout: values.timeout,
    insecure: values.insecure === true,
    caFile: values['ca-file'],
    lockTimeout: values['lock-timeout'],
    noColor: values['no-color'] === true,
    verbose: values.verbose === true,
    help: values.help === true,
    version: values.version === true,
  };
}

export function describeParseError(error: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown !== null) return `unknown option ${unknown[1] ?? ''}; see dataiku-iac --help`;
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(error.message);
  if (missing !== null) return `option ${missing[1] ?? ''} needs a value`;
  const unexpected = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(error.message);
  if (unexpected !== null) return `option ${unexpected[1] ?? ''} does not take a value`;
  return error.message.split('\n')[0] ?? error.message;
}
