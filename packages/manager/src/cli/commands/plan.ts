import { planToJson, renderPlan } from '@dataiku-iac/plan';
import { commandConfiguration } from '../load-configuration.js';
import { writePlanFile } from '../plan-file.js';
import type { Runner } from '../program.js';
import { startProgress } from '../progress.js';
import { UsageError } from '../usage-error.js';

/** `dataiku-iac plan`: what applying the configuration would do. Exit 0 no changes, 2 changes. Never writes DSS or the state. */
export const runPlan: Runner = async (context) => {
  const { options, out } = context;
  const refresh = parseRefresh(options.refresh);
  // Loading in the background while the state loads and DSS is read: the manager reads the projects
  // the state manages meanwhile.
  const configuration = commandConfiguration(context, { background: true });
  configuration.catch(() => undefined);
  let manager;
  try {
    manager = await context.manager({ readsDss: refresh });
  } catch (error) {
    await configuration;
    throw error;
  }
  try {
    const progress = refresh ? startProgress(out, manager.client, 'reading DSS') : { stop: () => undefined };
    let outcome;
    try {
      outcome = await manager.plan(configuration, { refresh, allowDestroyProject: options.allowDestroyProject === true, signal: context.io.signal });
    } finally {
      progress.stop();
    }
    const { plan } = outcome;
    const interrupted = await manager.interruptedApply();
    if (interrupted !== undefined) {
      out.warning(
        `an interrupted apply has not been recovered yet (${interrupted.done.size} operations done since its last checkpoint, ${interrupted.unknown.size} with an unknown outcome): this plan does not account for them; run dataiku-iac apply to recover it first (dataiku-iac show --journal shows it)`,
      );
    }
    if (options.out !== undefined) await writePlanFile(context.resolvePath(options.out), plan);
    if (options.json === true) out.json(planToJson(plan));
    else {
      out.line(renderPlan(plan, { color: out.color }));
      if (options.out !== undefined) out.line(`\nSaved the plan to ${context.resolvePath(options.out)}; run dataiku-iac apply ${options.out} to carry it out.`);
    }
    return plan.actions.length > 0 ? 2 : 0;
  } finally {
    await manager.close();
  }
};

/** `--refresh`, `--refresh=true` or `--refresh=false`. */
function parseRefresh(value: string | boolean | undefined): boolean {
  if (value === undefined || value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`--refresh takes true or false, not ${JSON.stringify(value)}`);
}
