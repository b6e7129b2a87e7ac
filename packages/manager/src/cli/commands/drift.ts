import { DiffEngine } from '@dataiku-iac/diff';
import type { CommandContext } from '../command-context.js';
import { startProgress } from '../progress.js';
import { printDiff } from '../print-diff.js';

/** `dataiku-iac drift`: compare DSS with the saved state. Exit 0 same, 2 different. Never writes. */
export async function runDrift(context: CommandContext): Promise<number> {
  const { options } = context;
  const backend = context.backend();
  const client = context.client();
  const manager = context.manager(backend, client);
  // Not awaited: with --all or --project, DSS is read while the state loads.
  const loading = backend.load();
  const progress = startProgress(context.out, client, 'reading DSS');
  let refreshed;
  try {
    refreshed = await manager.refresh(loading, { projects: options.projects, all: options.all }, context.io.signal);
  } finally {
    progress.stop();
  }
  const engine = new DiffEngine();
  return printDiff(context, engine, engine.diff(await loading, refreshed.state, { includeUnchanged: true }));
}
