import { DiffEngine } from '@dataiku-iac/diff';
import type { CommandContext } from '../command-context.js';
import { printDiff } from '../print-diff.js';

/** `dataiku-iac diff OLD NEW`: compare two state files. Exit 0 same, 2 different. */
export async function runDiff(context: CommandContext): Promise<number> {
  const [oldPath = '', newPath = ''] = context.options.args;
  const [oldState, newState] = await Promise.all([
    context.backend(context.resolvePath(oldPath)).load(),
    context.backend(context.resolvePath(newPath)).load(),
  ]);
  const engine = new DiffEngine();
  return printDiff(context, engine, engine.diff(oldState, newState, { includeUnchanged: true }));
}
