import { DataikuIaCError } from './dataiku-iac-error.js';

const SHOWN_PROBLEMS = 3;

/** The state file exists and was read, but its content is not a valid state. */
export class StateCorruptedError extends DataikuIaCError {
  override readonly name = 'StateCorruptedError';
  readonly path: string;
  /** Every problem found, most important first. The message shows the first few. */
  readonly problems: readonly string[];

  constructor(path: string, problems: readonly string[], options?: ErrorOptions) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ');
    const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
    super('STATE_CORRUPTED', `state file ${path} is corrupted: ${shown}${more}`, options);
    this.path = path;
    this.problems = problems;
  }
}
