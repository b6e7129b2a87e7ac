import { hasErrorCode } from '@dataiku-iac/models';
import type { Runner } from '../program.js';
import { plural } from '../progress.js';

/** `dataiku-iac validate [FILE]`: exit 0 when the state is valid, 1 when it is not. */
export const runValidate: Runner = async (context, [file]) => {
  const backend = await context.backend(file ?? context.stateLocation());
  try {
    const state = await backend.load();
    context.out.line(`${backend.location} is valid: ${plural(state.size, 'resource')}, serial ${state.serial}, lineage ${state.lineage ?? '(not assigned)'}.`);
    return 0;
  } catch (error) {
    if (context.options.verbose === true && hasErrorCode(error, 'STATE_CORRUPTED') && 'problems' in error && Array.isArray(error.problems)) {
      for (const problem of error.problems as readonly string[]) context.out.note(`  ${problem}`);
    }
    throw error;
  } finally {
    await backend.close();
  }
};
