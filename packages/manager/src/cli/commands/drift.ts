import { DiffEngine } from '@dataiku-iac/diff';
import type { CommandContext } from '../command-context.js';
import { startProgress } from '../progress.js';
import { printDiff } from '../print-diff.js';

/** `dataiku-iac drift`: compare DSS with the saved state. Exit 0 same, 2 different. Never writes. */
export async function runDrift(context: CommandContext): Promise<number> {
  const { options } = context;
  const backend = context.backend();
  const base = await backend.load();
  const client = context.client();
  const manager = context.manager(backend, client);
  const progress = startProgress(context.out, client, 'reading DSS');
  let refreshed;
  try {
    refreshed = await manager.refresh(base, { projects: options.projects, all: options.all }, context.io.signal);
  } finally {
    progress.stop();
  }
  const engine = new DiffEngine();
  return printDiff(context, engine, engine.diff(base, refreshed.state, { includeUnchanged: true }));
}
