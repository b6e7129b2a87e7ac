import { DiffEngine } from '@dataiku-iac/diff';
import type { ResourceDiff } from '@dataiku-iac/models';
import type { CommandContext } from './command-context.js';

/** Print a diff as JSON or for people; the exit code is 2 when anything changed, else 0. */
export function printDiff(context: CommandContext, diffs: readonly ResourceDiff[]): number {
  const engine = new DiffEngine();
  const summary = engine.summary(diffs);
  if (context.options.json === true) context.out.json(engine.toJSON(diffs));
  else context.out.line(engine.formatOutput(diffs, { color: context.out.color }));
  return summary.added + summary.removed + summary.modified > 0 ? 2 : 0;
}
