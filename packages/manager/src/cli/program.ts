import { Command } from 'commander';
import type { CommandContext } from './command-context.js';
import { collect, withConfigOption, withDssOptions, withLockTimeout, withScopeOptions, withStateOptions } from './options.js';
import { version } from '../version.js';

/** A command's implementation: its context and positional arguments in, the exit code out. */
export type Runner = (context: CommandContext, args: readonly string[]) => Promise<number>;

/** Runs a declared command: builds its context from `command`'s options, loads and runs its module. */
export type RunCommand = (command: Command, load: () => Promise<Runner>, args: readonly string[]) => Promise<void>;

export interface ProgramOutput {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
}

const FOOTER = `
Exit codes: 0 success (no differences), 1 error, 2 differences found (drift, diff, plan), 130 interrupted.

Environment: DATAIKU_HOST, DATAIKU_API_KEY, DATAIKU_IAC_BACKEND, DATAIKU_IAC_REDACTION_KEY (key of the
keyed hash that stands in for secrets in the state; set the same value for everyone sharing a
state), NO_COLOR.`;

const SCOPE = `
Scope: the projects given with --project; with --all, every project in DSS; otherwise the projects
already in the state.`;

/**
 * The `dataiku-iac` command line, each command declared once: its arguments, options, help, and
 * the module that implements it, loaded only when it runs.
 */
export function createProgram(run: RunCommand, output: ProgramOutput): Command {
  const program = new Command('dataiku-iac')
    .description('Infrastructure as code for Dataiku DSS: record what DSS holds, see what changed, declare it, plan and apply.')
    .usage('<command> [options]')
    .version(version, '--version', 'show the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .option('-v, --verbose', 'log each DSS request, and show stack traces on errors')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr, outputError: () => undefined })
    .addHelpText('after', FOOTER);

  const declare = (name: string, description: string): Command =>
    program.command(name).description(description).helpOption('-h, --help', 'show help').allowExcessArguments(false);
  const action =
    (load: () => Promise<Runner>) =>
    async (...values: unknown[]): Promise<void> => {
      const command = values.at(-1) as Command;
      await run(command, load, command.args);
    };

  withDssOptions(
    withStateOptions(
      withLockTimeout(
        withScopeOptions(declare('sync', 'read DSS and write the state'), 'sync').option(
          '--force',
          'replace a state that cannot be read or belongs to another lineage (it is kept aside first)',
        ),
      ),
    ),
  )
    .addHelpText('after', `${SCOPE}\nA sync that finds nothing changed leaves the state untouched.`)
    .action(action(async () => (await import('./commands/sync.js')).runSync));

  withDssOptions(
    withStateOptions(withScopeOptions(declare('drift', 'compare DSS with the saved state (never writes)'), 'check').option('--json', 'print the differences as JSON')),
  )
    .addHelpText('after', `${SCOPE}\nNeeds a saved state: run sync first. Exit code 0 when DSS matches the state, 2 when it differs.`)
    .action(action(async () => (await import('./commands/drift.js')).runDrift));

  declare('diff', 'compare two state files')
    .argument('<old>', 'the older state file')
    .argument('<new>', 'the newer state file')
    .option('--json', 'print the differences as JSON')
    .addHelpText('after', '\nExit code 0 when they hold the same resources, 2 when they differ.')
    .action(action(async () => (await import('./commands/diff.js')).runDiff));

  withDssOptions(
    withStateOptions(
      withConfigOption(declare('plan', 'show what applying the configuration would change (never writes)'))
        .option('--refresh [boolean]', 'read DSS for the planned projects (default: true); --refresh=false plans against the state file')
        .option('--out <file>', 'save the plan, for apply <file> (mode 0600, no secrets)')
        .option('--json', 'print the plan as JSON (format_version 1)')
        .option('--allow-destroy-project', 'allow deleting a managed project that left the configuration (dataset data is kept)'),
    ),
  )
    .addHelpText(
      'after',
      '\nCompares only what the configuration declares. Deletes only objects this tool manages (created, updated or\nimported by it) that left the configuration. Exit code 0 when nothing would change, 2 when something would.',
    )
    .action(action(async () => (await import('./commands/plan.js')).runPlan));

  withDssOptions(
    withStateOptions(
      withLockTimeout(
        withConfigOption(declare('apply', 'carry out a saved plan, or plan now and ask before doing it'), "the one a saved plan was made from; else dataiku.yaml, else dataiku/")
          .argument('[planfile]', 'a plan saved by plan --out')
          .option('--auto-approve', 'do not ask before applying a plan made now')
          .option('--continue-on-error', 'after a failure, keep going with what does not depend on it')
          .option('--allow-destroy-project', 'allow deleting a managed project that left the configuration (dataset data is kept)'),
      ),
    ),
  )
    .addHelpText(
      'after',
      '\nA saved plan is refused, changing nothing, when the state, the configuration or a secret changed since it was\nmade; each object is re-read before it is written and left alone if it changed in DSS since. The state lock is\nheld throughout; every write is journaled, so an interrupted apply is resumed by the next one.\nExit code 0 when everything was done, 1 otherwise.',
    )
    .action(action(async () => (await import('./commands/apply.js')).runApply));

  withDssOptions(
    withStateOptions(
      withLockTimeout(
        declare('import', "write the configuration of a DSS project and manage it from now on")
          .option('-p, --project <key>', 'the project to import', collect)
          .option('--dir <directory>', 'where to write <KEY>.yaml and the recipes\' code (default: dataiku, where plan looks)')
          .option('--overwrite', 'replace files that exist'),
      ),
    ),
  )
    .addHelpText('after', '\nSecrets are written as ${env:NAME} references, never in clear. Right after, plan shows no changes.')
    .action(action(async () => (await import('./commands/import.js')).runImport));

  withStateOptions(
    withConfigOption(declare('graph', 'draw the flow of the state (or, with -c, of the configuration)'))
      .option('-p, --project <key>', 'draw this project (repeatable)', collect)
      .option('--format <format>', 'dot (Graphviz) or mermaid (default: dot)'),
  ).action(action(async () => (await import('./commands/graph.js')).runGraph));

  withStateOptions(
    declare('show', 'list the tracked resources, or render a saved plan')
      .argument('[planfile]', 'a plan saved by plan --out')
      .option('--journal', 'show what an interrupted apply left to find out')
      .option('--json', 'print as JSON'),
  ).action(action(async () => (await import('./commands/show.js')).runShow));

  withStateOptions(declare('validate', 'check a state: JSON syntax, schema and checksums').argument('[file]', "a state file (default: the environment's state)"))
    .addHelpText('after', '\nExit code 0 when it is valid, 1 when it is not. With --verbose, every problem is listed.')
    .action(action(async () => (await import('./commands/validate.js')).runValidate));

  withStateOptions(declare('force-unlock', 'remove a stale state lock').argument('<lock-id>', 'the id in the "state is locked" message'))
    .addHelpText(
      'after',
      '\nFor a lock left by a command that was interrupted on another machine or whose process is gone.\nMake sure no command still runs: the lock protects the state from concurrent writes.',
    )
    .action(action(async () => (await import('./commands/force-unlock.js')).runForceUnlock));

  const state = program.command('state').description('inspect and move the state: history, restore, migrate').helpOption('-h, --help', 'show help');
  withStateOptions(state.command('history').description('list the kept versions of the state, newest first').helpOption('-h, --help', 'show help').option('--json', 'print them as JSON'))
    .allowExcessArguments(false)
    .action(action(async () => (await import('./commands/state-history.js')).runStateHistory));
  withStateOptions(
    withLockTimeout(
      state
        .command('restore')
        .description('make a kept version current again (saved as a new serial)')
        .helpOption('-h, --help', 'show help')
        .argument('<serial>', 'the serial of the version, as state history lists it'),
    ),
  )
    .allowExcessArguments(false)
    .action(action(async () => (await import('./commands/state-restore.js')).runStateRestore));
  state
    .command('migrate')
    .description('copy the state between backends, keeping its lineage and serial')
    .helpOption('-h, --help', 'show help')
    .requiredOption('--from <location>', 'a state file, or a postgres:// URL')
    .requiredOption('--to <location>', 'a state file, or a postgres:// URL')
    .option('-e, --env <name>', 'environment (default: dev)')
    .allowExcessArguments(false)
    .addHelpText('after', '\nRefuses to overwrite a state of another lineage or a newer serial.')
    .action(action(async () => (await import('./commands/state-migrate.js')).runStateMigrate));

  return program;
}
