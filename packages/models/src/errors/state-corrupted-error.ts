import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';
import { shorten } from './shorten.js';

const SHOWN_PROBLEMS = 3;
const MAX_PROBLEM_LENGTH = 500;

/** The state file exists and was read, but its content is not a valid state. */
export class StateCorruptedError extends DataikuIaCError {
  override readonly name = 'StateCorruptedError';
  readonly path: string;
  /** Every problem found (each at most 500 characters), most important first. The message shows the first few. */
  readonly problems: readonly string[];

  constructor(path: string, problems: readonly string[], options?: IacErrorOptions) {
    const bounded = problems.map((problem) => shorten(problem, MAX_PROBLEM_LENGTH));
    const shown = bounded.slice(0, SHOWN_PROBLEMS).join('; ');
    const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
    super('STATE_CORRUPTED', `state file ${path} is corrupted: ${shown}${more}`, options);
    this.path = path;
    this.problems = bounded;
  }
}
