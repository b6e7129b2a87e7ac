import type { CommandName } from './parse-command-line.js';

const GLOBAL_OPTIONS = `Global options:
  -e, --env NAME          environment (default: dev); the state is .dataiku/state/NAME.state.json
      --state-file PATH   use this state file instead
      --no-color          no colours (also when NO_COLOR is set or output is not a terminal)
  -v, --verbose           log each DSS request, and show stack traces on errors
  -h, --help              show help
      --version           show the version`;

const DSS_OPTIONS = `DSS options:
      --host URL          DSS URL (default: $DATAIKU_HOST)
      --api-key KEY       API key (default: $DATAIKU_API_KEY; prefer the variable, as
                          arguments are visible to other users of the machine)
      --concurrency N     requests in flight at most (default: 10, like Terraform's -parallelism)
      --timeout DUR       give up on a request after this long (default: 60s; retried requests
                          get this long for each attempt)
      --insecure          do not verify the TLS certificate of DSS
      --ca-file PATH      trust the CA certificates in this PEM file`;

const SCOPE = `Scope: the projects given with --project; with --all, every project in DSS; otherwise
the projects already in the state, or every project when there is no state yet.`;

export const MAIN_HELP = `dataiku-iac: Terraform-style state for Dataiku DSS.

Usage: dataiku-iac <command> [options]

Commands:
  sync           read DSS and write the state
  drift          compare DSS with the saved state (never writes)
  diff OLD NEW   compare two state files
  show           list the tracked resources
  validate [FILE]  check a state file
  force-unlock ID  remove a stale lock
  help [COMMAND]   show help for a command

Exit codes: 0 success (no differences), 1 error, 2 differences found (drift, diff).

${GLOBAL_OPTIONS}

Environment: DATAIKU_HOST, DATAIKU_API_KEY, DATAIKU_IAC_REDACTION_KEY (key of the keyed hash
that stands in for secrets in the state; set the same value for everyone sharing a state),
NO_COLOR.

Run 'dataiku-iac help <command>' for a command's options.
`;

export const COMMAND_HELP: Readonly<Record<CommandName, string>> = {
  sync: `Usage: dataiku-iac sync [--project KEY]... [--all] [options]

Read projects, datasets and recipes from DSS and write them to the state file. Other projects in
the state are kept. A sync that finds nothing changed leaves the file untouched.

${SCOPE}

Options:
  -p, --project KEY       sync this project (repeatable)
      --all               sync every project in DSS
      --lock-timeout DUR  wait this long for another command's lock (e.g. 30s, 5m; default: 0)
      --force             replace a state file that cannot be read or belongs to another
                          lineage (it is backed up first)

${DSS_OPTIONS}

${GLOBAL_OPTIONS}
`,
  drift: `Usage: dataiku-iac drift [--project KEY]... [--all] [--json] [options]

Read DSS and compare it with the saved state. Never writes. Exit code 0 when DSS matches the
state, 2 when it differs, 1 on error.

${SCOPE}

Options:
  -p, --project KEY       check this project (repeatable)
      --all               check every project in DSS
      --json              print the differences as JSON

${DSS_OPTIONS}

${GLOBAL_OPTIONS}
`,
  diff: `Usage: dataiku-iac diff OLD NEW [--json]

Compare two state files. Exit code 0 when they hold the same resources, 2 when they differ, 1 on
error.

Options:
      --json              print the differences as JSON

${GLOBAL_OPTIONS}
`,
  show: `Usage: dataiku-iac show [--json]

List the resources in the state file.

Options:
      --json              print them as JSON

${GLOBAL_OPTIONS}
`,
  validate: `Usage: dataiku-iac validate [FILE]

Check a state file (default: the environment's): JSON syntax, schema and checksums. Exit code 0
when it is valid, 1 when it is not. With --verbose, every problem is listed.

${GLOBAL_OPTIONS}
`,
  'force-unlock': `Usage: dataiku-iac force-unlock LOCK_ID

Remove the state lock with this id, left by a command that was interrupted on another machine or
whose process is gone. The id is in the "state is locked" message. Make sure no command is still
running: the lock protects the state from concurrent writes.

${GLOBAL_OPTIONS}
`,
  help: MAIN_HELP,
};
