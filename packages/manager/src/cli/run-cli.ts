import { type Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { CommandContext } from './command-context.js';
import { describeFailure } from './describe-failure.js';
import type { CommandOptions } from './options.js';
import { Output } from './output.js';
import { createProgram, type Runner } from './program.js';

/** Exit code of a run interrupted by SIGINT/SIGTERM. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Run `dataiku-iac` with these arguments; returns the exit code: 0 success (no differences),
 * 1 error, 2 differences found, 130 interrupted. Every failure is one line on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = new Output(io, argv.includes('--no-color'));
  out.addSecret(io.env.DATAIKU_API_KEY);
  out.addSecret(optionValue(argv, '--api-key'));
  let exitCode = 0;
  let running: CommandContext | undefined;
  const run = async (command: Command, load: () => Promise<Runner>, args: readonly string[]): Promise<void> => {
    running = new CommandContext(io, out, command.optsWithGlobals<CommandOptions>(), commandPath(command));
    exitCode = await (await load())(running, args);
  };
  const program = createProgram(run, {
    writeOut: (text) => {
      out.raw(text);
    },
    writeErr: (text) => {
      out.rawError(text);
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return usageFailure(out, error, argv);
    if (io.signal?.aborted === true) {
      out.error(`interrupted; ${running?.commandName === 'apply' ? 'nothing was written to DSS after the interruption, and the state holds what was done' : 'the state was not changed by this run'}`);
      return INTERRUPTED_EXIT_CODE;
    }
    const verbose = running?.options.verbose ?? argv.includes('--verbose');
    out.error(describeFailure(error, { command: running?.commandName }));
    if (verbose) printTrace(out, error);
    return 1;
  }
}

/** Help and version exit 0; a command line that cannot run is one line and exit 1. */
function usageFailure(out: Output, error: CommanderError, argv: readonly string[]): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return error.exitCode;
  const message = error.message.replace(/^error: /, '').replace(/\.$/, '').replace(/\n+/g, ' ');
  const command = argv.find((arg) => !arg.startsWith('-'));
  out.error(`${message}; see dataiku-iac ${command === undefined || error.code === 'commander.unknownCommand' ? '' : `${command} `}--help`);
  return 1;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current = command; current.parent !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** The value of `--name value` or `--name=value`, if given. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

function printTrace(out: Output, error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    out.note(depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack ?? current.message}`);
    current = current.cause;
  }
}
