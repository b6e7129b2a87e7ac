import { join } from 'node:path';
import { assertEnvironmentName } from '@dataiku-iac/models';

/** Where state files live, relative to the working directory. */
export const DEFAULT_STATE_DIRECTORY = join('.dataiku', 'state');

/**
 * `.dataiku/state/{environment}.state.json` under `baseDirectory` (default: the working directory).
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for an environment name that could escape the state directory
 */
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
