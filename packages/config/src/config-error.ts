import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/**
 * One problem in a configuration. `line` and `column` are 1-based; both are 0 when the problem is
 * about a whole file or directory (missing, empty, unreadable).
 */
export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The key concerned, as a path: `projects.P.datasets.orders.formatParams`, `…inputs[0]`. */
  readonly key?: string;
  readonly message: string;
}

/** `dataiku.yaml:7:9: message`, or `dataiku.yaml: message` for a whole-file issue. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const place = issue.line === 0 ? issue.file : `${issue.file}:${issue.line}:${issue.column}`;
  return `${place}: ${issue.message}`;
}

/** Issues in reading order: by file, then line, then column. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.message, b.message));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The configuration cannot be used (code `CONFIG_INVALID`). The message is the first issue, as
 * `file:line:column: message`, followed by ` (and N more)`; `issues` lists them all, in reading order.
 */
export class ConfigError extends DataikuIaCError {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  /** @param issues at least one */
  constructor(issues: readonly ConfigIssue[], options?: IacErrorOptions) {
    const sorted = sortIssues(issues);
    const first = sorted[0];
    const message = first === undefined ? 'invalid configuration' : formatConfigIssue(first);
    super('CONFIG_INVALID', sorted.length > 1 ? `${message} (and ${sorted.length - 1} more)` : message, options);
    this.issues = sorted;
  }
}
