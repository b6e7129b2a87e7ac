import { hasErrorCode } from '@dataiku-iac/models';
import type { CommandContext } from '../command-context.js';
import { plural } from '../progress.js';

/** `dataiku-iac validate [FILE]`: exit 0 when the file is a valid state, 1 when it is not. */
export async function runValidate(context: CommandContext): Promise<number> {
  const [file] = context.options.args;
  const backend = context.backend(file === undefined ? context.stateFile() : context.resolvePath(file));
  try {
    const state = await backend.load();
    context.out.line(`${backend.stateFile} is valid: ${plural(state.size, 'resource')}, serial ${state.serial}, lineage ${state.lineage ?? '(not assigned)'}.`);
    return 0;
  } catch (error) {
    if (context.options.verbose && hasErrorCode(error, 'STATE_CORRUPTED') && 'problems' in error && Array.isArray(error.problems)) {
      for (const problem of error.problems as readonly string[]) context.out.note(`  ${problem}`);
    }
    throw error;
  }
}
