import { DiffEngine } from '@dataiku-iac/diff';
import type { Runner } from '../program.js';
import { describeScope, startProgress } from '../progress.js';

/** `dataiku-iac sync`: read DSS under the lock and save the state. */
export const runSync: Runner = async (context) => {
  const { options, out } = context;
  const manager = await context.manager({ readsDss: true });
  try {
    const started = Date.now();
    const progress = startProgress(out, manager.client, 'reading DSS');
    let result;
    try {
      result = await manager.sync(
        { projects: options.project ?? [], all: options.all === true },
        { force: options.force === true, signal: context.io.signal, ...lockTimeout(context.lockTimeoutMs) },
      );
    } finally {
      progress.stop();
    }
    const { state, projectKeys, removedProjects, diffs, saved } = result;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.line(`Read ${describeScope(state, projectKeys)} from ${manager.client.host} in ${seconds}s (${manager.client.stats.requests} requests).`);
    for (const key of removedProjects) out.line(`Project ${key} no longer exists in DSS: its resources were removed from the state.`);
    const summary = new DiffEngine().summary(diffs);
    if (saved.written) {
      out.line(`Saved ${saved.location} (serial ${saved.serial}): ${summary.added} added, ${summary.removed} removed, ${summary.modified} modified, ${summary.unchanged} unchanged.`);
    } else {
      out.line(`No changes: ${saved.location} is up to date (serial ${saved.serial}, ${summary.unchanged} resources).`);
    }
    return 0;
  } finally {
    await manager.close();
  }
};

function lockTimeout(timeoutMs: number | undefined): { lockTimeoutMs?: number } {
  return timeoutMs === undefined ? {} : { lockTimeoutMs: timeoutMs };
}
