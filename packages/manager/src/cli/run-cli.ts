import type { CliIo } from './cli-io.js';
import { CommandContext } from './command-context.js';
import { runDiff } from './commands/diff.js';
import { runDrift } from './commands/drift.js';
import { runForceUnlock } from './commands/force-unlock.js';
import { runShow } from './commands/show.js';
import { runSync } from './commands/sync.js';
import { runValidate } from './commands/validate.js';
import { describeFailure } from './describe-failure.js';
import { COMMAND_HELP, MAIN_HELP } from './help-text.js';
import { Output } from './output.js';
import { type CommandLine, type CommandName, COMMANDS, parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';

const RUNNERS: Readonly<Record<Exclude<CommandName, 'help'>, (context: CommandContext) => Promise<number>>> = {
  sync: runSync,
  drift: runDrift,
  diff: runDiff,
  show: runShow,
  validate: runValidate,
  'force-unlock': runForceUnlock,
};

/** Exit code of a run interrupted by SIGINT/SIGTERM. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Run `dataiku-iac` with these arguments; returns the exit code: 0 success (no differences),
 * 1 error, 2 differences found, 130 interrupted. Every failure is one line on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = new Output(io, argv.includes('--no-color'));
  out.addSecret(io.env.DATAIKU_API_KEY);
  let options: CommandLine | undefined;
  try {
    options = parseCommandLine(argv);
    out.addSecret(options.apiKey);
    if (options.version) {
      out.line(version);
      return 0;
    }
    const { command } = options;
    if (command === undefined || command === 'help' || options.help) {
      const topic = command === 'help' ? options.args[0] : command;
      if (topic !== undefined && !(COMMANDS as readonly string[]).includes(topic)) throw new UsageError(`unknown command ${JSON.stringify(topic)}; commands: ${COMMANDS.join(', ')}`);
      out.line((topic === undefined ? MAIN_HELP : COMMAND_HELP[topic as CommandName]).trimEnd());
      return command === undefined && !options.help ? 1 : 0;
    }
    return await RUNNERS[command](new CommandContext(io, options, out));
  } catch (error) {
    if (io.signal?.aborted === true) {
      out.error('interrupted; the state file was not changed by this run');
      return INTERRUPTED_EXIT_CODE;
    }
    out.error(describeFailure(error, { command: options?.command }));
    if (options?.verbose === true || (options === undefined && argv.includes('--verbose'))) printTrace(out, error);
    return 1;
  }
}

function printTrace(out: Output, error: unknown): void {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    out.note(depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack ?? current.message}`);
    current = current.cause;
  }
}
