import { type ApplyEvent, type ApplyResult, applyPlan, checkPlanFresh, createClientObjects, planDigest, recoverJournal } from '@dataiku-iac/apply';
import type { Configuration } from '@dataiku-iac/config';
import type { Plan } from '@dataiku-iac/plan';
import type { StateManager } from '../state-manager.js';
import { planConfiguration } from './plan-configuration.js';
import { plannedSecrets, type SecretValues } from './planned-secrets.js';

/**
 * What to apply: a configuration, planned now; or a saved plan, with the digest its configuration
 * has now (`configurationDigest` of `@dataiku-iac/config`) and where its secrets are read.
 */
export type ApplySource =
  | { readonly configuration: Configuration }
  | { readonly plan: Plan; readonly configurationDigest: string; readonly env: Readonly<Record<string, string | undefined>> };

export interface ApplyRunOptions {
  /** Asked with the plan made now (not for a saved plan); only `true` proceeds. */
  readonly confirm?: ((plan: Plan) => Promise<boolean>) | undefined;
  readonly allowDestroyProject?: boolean | undefined;
  readonly continueOnError?: boolean | undefined;
  readonly lockTimeoutMs?: number | undefined;
  /** Actions run at once at most (default: twice the client's concurrency; the client bounds the requests in flight). */
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
export async function applyConfiguration(manager: StateManager, source: ApplySource, options: ApplyRunOptions): Promise<ApplyOutcome> {
  const { backend } = manager;
  const saved = 'plan' in source ? source.plan : undefined;
  // Before the lock: a missing secret is a usage error, not something to recover from.
  const savedSecrets = 'plan' in source ? plannedSecrets(source.plan, source.env) : undefined;
  const lock = await backend.lock('apply', options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs });
  try {
    const objects = createClientObjects({ client: manager.client, syncs: manager.syncs });
    const state = await manager.loadState();
    const records = await backend.journal.read();
    const recovery = records.length === 0 ? undefined : await recoverJournal(records, state, objects, manager.deployedBy);
    // Going on with the very plan an interrupted apply was carrying out.
    const resumed = recovery !== undefined && saved !== undefined && recovery.journal.begin?.plan === planDigest(saved) ? recovery.journal : undefined;
    const resuming = resumed !== undefined;
    if (recovery !== undefined) {
      options.onResume?.(recovery.checked.length);
      await manager.saveState(state);
      if (!resuming) await backend.journal.clear();
    }
    let plan: Plan;
    let secrets: SecretValues;
    if ('configuration' in source) {
      const { configuration } = source;
      const byId = new Map(configuration.resources.map((resource) => [resource.resourceId, resource.secrets]));
      secrets = (resourceId) => byId.get(resourceId) ?? [];
      plan = (await planConfiguration(manager, configuration, { allowDestroyProject: options.allowDestroyProject, signal: options.signal }, state)).plan;
      if (plan.actions.length === 0) return { status: 'no-changes', plan };
      if (options.confirm !== undefined && !(await options.confirm(plan))) return { status: 'cancelled', plan };
    } else {
      plan = source.plan;
      secrets = savedSecrets as SecretValues;
      checkPlanFresh(plan, {
        state,
        environment: manager.environment,
        configurationDigest: source.configurationDigest,
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
      concurrency: options.concurrency ?? 2 * manager.client.concurrency,
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
