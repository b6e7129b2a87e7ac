import { DiffEngine } from '@dataiku-iac/diff';
import { hasErrorCode, State } from '@dataiku-iac/models';
import type { CommandContext } from '../command-context.js';
import { describeScope, startProgress } from '../progress.js';

/** `dataiku-iac sync`: read DSS under the lock and save the state. */
export async function runSync(context: CommandContext): Promise<number> {
  const { options, out } = context;
  const backend = context.backend();
  const client = context.client();
  const manager = context.manager(backend, client);
  const lock = await backend.lock('sync');
  try {
    // Not awaited: with --all or --project, DSS is read while the state loads.
    const loading = loadBase(context, manager.loadState.bind(manager));
    const started = Date.now();
    const progress = startProgress(out, client, 'reading DSS');
    let refreshed;
    try {
      refreshed = await manager.refresh(loading, { projects: options.projects, all: options.all }, context.io.signal);
    } finally {
      progress.stop();
    }
    const base = await loading;
    const { state, projectKeys, removedProjects } = refreshed;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.line(`Read ${describeScope(state, projectKeys)} from ${client.host} in ${seconds}s (${client.stats.requests} requests).`);
    for (const key of removedProjects) out.line(`Project ${key} no longer exists in DSS: its resources were removed from the state.`);
    const summary = new DiffEngine().summary(new DiffEngine().diff(base, state, { includeUnchanged: true }));
    const result = await manager.saveState(state, { force: options.force });
    if (result.written) {
      out.line(`Saved ${result.location} (serial ${result.serial}): ${summary.added} added, ${summary.removed} removed, ${summary.modified} modified, ${summary.unchanged} unchanged.`);
    } else {
      out.line(`No changes: ${result.location} is up to date (serial ${result.serial}, ${summary.unchanged} resources).`);
    }
    return 0;
  } finally {
    await lock.release();
  }
}

/** The saved state; with --force, an unreadable one is replaced by an empty state (saving backs it up). */
async function loadBase(context: CommandContext, load: () => Promise<State>): Promise<State> {
  try {
    return await load();
  } catch (error) {
    if (!context.options.force || !(hasErrorCode(error, 'STATE_CORRUPTED') || hasErrorCode(error, 'STATE_READ'))) throw error;
    context.out.warning(`${(error as Error).message}; --force: starting from an empty state (the file is backed up when the new state is saved)`);
    return new State({ environment: context.environment });
  }
}
