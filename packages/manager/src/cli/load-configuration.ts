import { access } from 'node:fs/promises';
import { type Configuration, loadConfiguration } from '@dataiku-iac/config';
import type { CommandContext } from './command-context.js';
import { UsageError } from './usage-error.js';

/**
 * The configuration of `-c PATH`. Without `-c`: the configuration a saved plan was made from
 * (`madeFrom`), else `dataiku.yaml` or `dataiku/` in the working directory.
 */
export async function commandConfiguration(context: CommandContext, madeFrom?: string): Promise<Configuration> {
  const path = context.options.config ?? madeFrom;
  if (context.options.config === undefined && madeFrom !== undefined && !(await exists(madeFrom))) {
    throw new UsageError(`the plan was made from the configuration at ${madeFrom}, which is not there: pass --config PATH`);
  }
  return loadConfiguration(path, { cwd: context.io.cwd, env: context.io.env });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
