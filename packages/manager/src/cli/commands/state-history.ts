import type { Runner } from '../program.js';

/** `dataiku-iac state history`: the current state and its kept versions, newest first. */
export const runStateHistory: Runner = async (context) => {
  const manager = await context.manager({ readsDss: false });
  try {
    const versions = await manager.history();
    const { out } = context;
    if (context.options.json === true) {
      out.json({ location: manager.backend.location, versions });
      return 0;
    }
    if (versions.length === 0) {
      out.line(`No state at ${manager.backend.location}.`);
      return 0;
    }
    out.line(`${manager.backend.location}:`);
    for (const version of versions) {
      const resources = `${version.resourceCount} resource${version.resourceCount === 1 ? '' : 's'}`;
      out.line(`  serial ${String(version.serial).padStart(4)}  ${version.updatedAt}  ${resources}${version.current ? '  (current)' : ''}`);
    }
    return 0;
  } finally {
    await manager.close();
  }
};
