import { access } from 'node:fs/promises';
import { type Configuration, configurationDigest, loadConfiguration } from '@dataiku-iac/config';
import type { Plan } from '@dataiku-iac/plan';
import type { CommandContext } from './command-context.js';
import { UsageError } from './usage-error.js';

/**
 * The configuration of `-c PATH` (default `dataiku.yaml` or `dataiku/` in the working directory);
 * with `background`, parsed in worker threads while this thread does other work (see `LoadOptions`).
 */
export async function commandConfiguration(context: CommandContext, options: { readonly background?: boolean } = {}): Promise<Configuration> {
  return loadConfiguration(context.options.config, { cwd: context.io.cwd, env: context.io.env, background: options.background === true });
}

/**
 * The digest the configuration of a saved plan has now: the one at `-c PATH`, else the one the plan
 * was made from. Its files are hashed, not parsed.
 */
export async function savedPlanConfigurationDigest(context: CommandContext, plan: Plan): Promise<string> {
  const madeFrom = plan.configuration.source;
  if (context.options.config === undefined && !(await exists(madeFrom))) {
    throw new UsageError(`the plan was made from the configuration at ${madeFrom}, which is not there: pass --config PATH`);
  }
  return configurationDigest(context.options.config ?? madeFrom, plan.configuration.codeFiles, { cwd: context.io.cwd });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
