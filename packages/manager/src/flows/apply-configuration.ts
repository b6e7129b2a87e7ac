import { type ApplyEvent, type ApplyResult, applyPlan, checkPlanFresh, createClientObjects, planDigest, recoverJournal } from '@dataiku-iac/apply';
import type { Configuration } from '@dataiku-iac/config';
import type { Plan } from '@dataiku-iac/plan';
import type { StateManager } from '../state-manager.js';
import { planConfiguration } from './plan-configuration.js';

export interface ApplyRunOptions {
  /** A saved plan to carry out; without it, the configuration is planned now. */
  readonly plan?: Plan | undefined;
  /** Asked with the plan made now (not for a saved plan); only `true` proceeds. */
  readonly confirm?: ((plan: Plan) => Promise<boolean>) | undefined;
  readonly allowDestroyProject?: boolean | undefined;
  readonly continueOnError?: boolean | undefined;
  readonly lockTimeoutMs?: number | undefined;
  /** Actions run at once at most (default: the client's concurrency). */
  readonly concurrency?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Told before anything else when an interrupted apply is found: how many operations it checks in DSS. */
  readonly onResume?: ((operations: number) => void) | undefined;
  readonly onEvent?: ((event: ApplyEvent) => void) | undefined;
}

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly plan: Plan; readonly result: ApplyResult }
  | { readonly status: 'no-changes'; readonly plan: Plan }
  | { readonly status: 'cancelled'; readonly plan: Plan };

/**
 * `dataiku-iac apply`: under the state lock for its whole length. An apply that was interrupted is
 * recovered first (its unknown outcomes read from DSS and recorded); then the saved plan is checked
 * against the state, the configuration and the secrets (a plan resumed after an interruption only
 * against the lineage), or the configuration is planned now and confirmed; then the plan is carried
 * out with journal and checkpoints.
 * @throws StalePlanError (PLAN_STALE) for a saved plan the world has moved past; nothing is written
 */
export async function applyConfiguration(manager: StateManager, configuration: Configuration, options: ApplyRunOptions): Promise<ApplyOutcome> {
  const { backend } = manager;
  const lock = await backend.lock('apply', options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs });
  try {
    const objects = createClientObjects({ client: manager.client, syncs: manager.syncs });
    const state = await manager.loadState();
    const records = await backend.journal.read();
    const recovery = records.length === 0 ? undefined : await recoverJournal(records, state, objects, manager.deployedBy);
    // Going on with the very plan an interrupted apply was carrying out.
    const resumed = recovery !== undefined && options.plan !== undefined && recovery.journal.begin?.plan === planDigest(options.plan) ? recovery.journal : undefined;
    const resuming = resumed !== undefined;
    if (recovery !== undefined) {
      options.onResume?.(recovery.checked.length);
      await manager.saveState(state);
      if (!resuming) await backend.journal.clear();
    }
    const secrets = (resourceId: string) => configuration.resources.find((resource) => resource.resourceId === resourceId)?.secrets ?? [];
    let plan = options.plan;
    if (plan === undefined) {
      plan = (await planConfiguration(manager, configuration, { allowDestroyProject: options.allowDestroyProject, signal: options.signal }, state)).plan;
      if (plan.actions.length === 0) return { status: 'no-changes', plan };
      if (options.confirm !== undefined && !(await options.confirm(plan))) return { status: 'cancelled', plan };
    } else {
      checkPlanFresh(plan, {
        state,
        environment: manager.environment,
        configurationDigest: configuration.digest,
        secrets,
        redactionKey: manager.redactionKey,
        resuming,
      });
      if (plan.actions.length === 0) return { status: 'no-changes', plan };
    }
    const result = await applyPlan({
      plan,
      state,
      backend,
      objects,
      secrets,
      resumed,
      concurrency: options.concurrency,
      continueOnError: options.continueOnError,
      deployedBy: manager.deployedBy,
      redactionKey: manager.redactionKey,
      signal: options.signal,
      onEvent: options.onEvent,
    });
    return { status: 'applied', plan, result };
  } finally {
    await lock.release();
  }
}
