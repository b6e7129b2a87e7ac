import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/** The apply journal beside a state file cannot be read: it is not the JSON lines an apply writes. */
export class JournalCorruptedError extends DataikuIaCError {
  override readonly name = 'JournalCorruptedError';
  readonly path: string;

  constructor(path: string, reason: string, options?: IacErrorOptions) {
    super('JOURNAL_CORRUPTED', `apply journal ${path} cannot be read: ${reason}`, {
      hint: `it records an apply that was interrupted: check in DSS the objects that apply was changing, then move ${path} aside`,
      ...options,
    });
    this.path = path;
  }
}
