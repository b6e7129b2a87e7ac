import type { Runner } from '../program.js';
import { printDiff } from '../print-diff.js';
import { startProgress } from '../progress.js';

/** `dataiku-iac drift`: compare DSS with the saved state. Exit 0 same, 2 different. Never writes. */
export const runDrift: Runner = async (context) => {
  const { options, out } = context;
  const manager = await context.manager({ readsDss: true });
  try {
    const progress = startProgress(out, manager.client, 'reading DSS');
    let result;
    try {
      result = await manager.drift({ projects: options.project ?? [], all: options.all === true }, { signal: context.io.signal });
    } finally {
      progress.stop();
    }
    return printDiff(context, result.diffs);
  } finally {
    await manager.close();
  }
};
