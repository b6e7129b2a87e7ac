import { type Configuration, loadConfiguration } from '@dataiku-iac/config';
import type { CommandContext } from './command-context.js';

/** The configuration of `-c PATH` (default `dataiku.yaml` or `dataiku/` in the working directory). */
export async function commandConfiguration(context: CommandContext): Promise<Configuration> {
  return loadConfiguration(context.options.config, { cwd: context.io.cwd, env: context.io.env });
}
