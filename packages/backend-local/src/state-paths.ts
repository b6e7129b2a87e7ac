import { join } from 'node:path';
import { InvalidArgumentError } from '@dataiku-iac/models';

const ENVIRONMENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Where state files live, relative to the working directory. */
export const DEFAULT_STATE_DIRECTORY = join('.dataiku', 'state');

/**
 * @throws InvalidArgumentError (INVALID_ARGUMENT) unless the name is 1-64 letters, digits, "_" or "-",
 *   so that an environment name can never escape the state directory
 */
export function assertEnvironmentName(environment: string): void {
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new InvalidArgumentError(
      `invalid environment name ${JSON.stringify(environment)}: use 1-64 letters, digits, "_" or "-"`,
    );
  }
}

/** `.dataiku/state/{environment}.state.json` under `baseDirectory` (default: the working directory). */
export function defaultStatePath(environment: string, baseDirectory = process.cwd()): string {
  assertEnvironmentName(environment);
  return join(baseDirectory, DEFAULT_STATE_DIRECTORY, `${environment}.state.json`);
}

/** The files kept beside a state file. */
export interface StateFilePaths {
  readonly stateFile: string;
  readonly lockFile: string;
  readonly backupDirectory: string;
  /** The apply journal (JSON lines). */
  readonly journalFile: string;
  /** Prefix of temporary files, which end in `-{pid}-{random}`. */
  readonly temporaryPrefix: string;
}

export function stateFilePaths(stateFile: string): StateFilePaths {
  const slash = Math.max(stateFile.lastIndexOf('/'), stateFile.lastIndexOf('\\'));
  const directory = slash < 0 ? '.' : stateFile.slice(0, slash) || '/';
  const name = stateFile.slice(slash + 1);
  return {
    stateFile,
    lockFile: `${stateFile}.lock`,
    backupDirectory: `${stateFile}.backups`,
    journalFile: `${stateFile}.journal`,
    temporaryPrefix: join(directory, `.${name}.tmp`),
  };
}
