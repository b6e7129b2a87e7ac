import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { DataikuIaCError, type LockInfo } from '@dataiku-iac/models';

export interface FailureContext {
  readonly command: string | undefined;
}

/** One line: what failed and what to do about it. */
export function describeFailure(error: unknown, context: FailureContext): string {
  if (!DataikuIaCError.isInstance(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return oneLine(`unexpected error: ${message}; run with --verbose for the stack trace`);
  }
  return oneLine(`${error.message}${hintFor(error, context)}`);
}

function hintFor(error: DataikuIaCError, context: FailureContext): string {
  switch (error.code) {
    case 'STATE_LOCKED': {
      const { id } = (error as DataikuIaCError & { lock: LockInfo }).lock;
      return `; wait for it to finish (or retry with --lock-timeout 5m), or if that command is no longer running: dataiku-iac force-unlock ${id}`;
    }
    case 'STATE_CORRUPTED': {
      const backups = backupDirectoryOf(error);
      return backups === undefined ? '' : `; restore the newest good backup from ${backups}, or run sync --force to rebuild the state (the bad file is backed up first)`;
    }
    case 'STATE_READ': {
      // sync would replace the file: say how to get a good one back rather than leave it at "cannot read".
      const backups = context.command === 'sync' ? backupDirectoryOf(error) : undefined;
      return backups === undefined ? '' : `; fix it, restore the newest good backup from ${backups}, or run sync --force to replace it (the unreadable file is backed up first)`;
    }
    case 'STATE_NOT_FOUND':
      return context.command === 'drift' || context.command === 'show' ? '; run dataiku-iac sync first' : '; check the path';
    case 'STATE_CONFLICT':
      return context.command === 'sync' ? ' (--force)' : '';
    case 'DSS_UNREACHABLE':
      return '; check --host (or DATAIKU_HOST) and the network';
    case 'RESOURCE_NOT_FOUND':
      return '; check the project key (keys are case-sensitive)';
    default:
      return '';
  }
}

/** The backups of the state file the error is about (beside it, whichever file the command read). */
function backupDirectoryOf(error: DataikuIaCError): string | undefined {
  const { path } = error as DataikuIaCError & { path?: unknown };
  return typeof path === 'string' ? new LocalFileBackend({ stateFile: path }).backupDirectory : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
