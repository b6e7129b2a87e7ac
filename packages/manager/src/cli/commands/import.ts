import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_DIRECTORY, DEFAULT_CONFIG_FILE } from '@dataiku-iac/config';
import type { CommandContext } from '../command-context.js';
import type { Runner } from '../program.js';
import { UsageError } from '../usage-error.js';

/** `dataiku-iac import --project KEY [--dir DIR]`: write a project's configuration and adopt it as managed. */
export const runImport: Runner = async (context) => {
  const { options, out } = context;
  const projects = options.project ?? [];
  if (projects.length !== 1) throw new UsageError('import takes one project: --project KEY');
  const projectKey = projects[0] as string;
  const directory = options.dir === undefined ? defaultDirectory(context) : context.resolvePath(options.dir);
  const manager = await context.manager({ readsDss: true });
  try {
    const { written, adopted, saved } = await manager.import(projectKey, directory, {
      overwrite: options.overwrite === true,
      lockTimeoutMs: context.lockTimeoutMs,
      signal: context.io.signal,
    });
    out.line(`Wrote the configuration of ${projectKey}:`);
    for (const file of written.files) out.line(`  ${file}`);
    out.line(`Adopted ${adopted} resource${adopted === 1 ? '' : 's'} as managed in ${saved.location} (serial ${saved.serial}).`);
    if (written.secrets.length > 0) {
      out.line(`Secrets are referenced, never written: set ${written.secrets.length === 1 ? 'this variable' : 'these variables'} before you plan:`);
      for (const secret of written.secrets) out.line(`  ${secret.variable}  (${secret.resourceId} ${secret.path})`);
    }
    if (options.dir !== undefined && directory !== context.resolvePath(DEFAULT_CONFIG_DIRECTORY)) {
      out.line(`${options.dir} is not where plan looks by default (${DEFAULT_CONFIG_DIRECTORY}/): plan it with -c ${options.dir}`);
    }
    return 0;
  } finally {
    await manager.close();
  }
};

/** `dataiku/`, where plan looks by default; not beside a `dataiku.yaml`, which plan would then load instead. */
function defaultDirectory(context: CommandContext): string {
  if (existsSync(context.resolvePath(DEFAULT_CONFIG_FILE))) {
    throw new UsageError(`${DEFAULT_CONFIG_FILE} exists here, and import writes a file per project into a directory: choose it with --dir, then plan it with -c`);
  }
  return context.resolvePath(DEFAULT_CONFIG_DIRECTORY);
}
