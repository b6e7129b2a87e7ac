import { secretMarker, type State } from '@dataiku-iac/models';
import { type Plan, stateReference } from '@dataiku-iac/plan';
import { StalePlanError } from './errors/stale-plan-error.js';

export interface PlanCheck {
  /** The saved state, as loaded under the apply's lock. */
  readonly state: State;
  readonly environment: string;
  /** The digest of the configuration as it is now. */
  readonly configurationDigest: string;
  /** Secret values as the environment gives them now, by resource id. */
  readonly secrets: (resourceId: string) => readonly { readonly path: readonly (string | number)[]; readonly value: string }[];
  readonly redactionKey?: string | undefined;
  /**
   * The plan is being resumed after an interruption: the state moved on by its own checkpoints,
   * so only its lineage must match.
   */
  readonly resuming?: boolean | undefined;
}

/**
 * Refuse a saved plan the world has moved past, before anything is written: another environment
 * or lineage, a state that changed since (serial or resources), a configuration that changed, or a
 * secret whose value changed.
 * @throws StalePlanError (PLAN_STALE) saying what changed; its hint says to plan again
 */
export function checkPlanFresh(plan: Plan, check: PlanCheck): void {
  if (plan.environment !== check.environment) throw new StalePlanError(`the plan was made for environment ${plan.environment}, not ${check.environment}`);
  const current = stateReference(check.state);
  if (plan.state.lineage !== null && plan.state.lineage !== current.lineage) {
    throw new StalePlanError(`the plan was made for state lineage ${plan.state.lineage}; the state now has lineage ${current.lineage ?? '(none)'}`);
  }
  if (check.resuming !== true) {
    if (plan.state.serial !== current.serial) {
      throw new StalePlanError(`the state changed since the plan was made (serial ${plan.state.serial} then, ${current.serial} now)`);
    }
    if (plan.state.resourcesDigest !== current.resourcesDigest) throw new StalePlanError('the resources of the state changed since the plan was made');
  }
  if (plan.configuration.digest !== check.configurationDigest) {
    throw new StalePlanError(`the configuration (${plan.configuration.source}) changed since the plan was made`);
  }
  for (const action of plan.actions) {
    const values = check.secrets(action.resourceId);
    for (const secret of action.secrets) {
      const value = values.find((candidate) => samePath(candidate.path, secret.path))?.value;
      const marker = value === undefined ? undefined : secretMarker(value, secret.path, { resourceId: action.resourceId, key: check.redactionKey });
      if (marker !== secret.marker) throw new StalePlanError(`the value of \${env:${secret.variable}} for ${action.resourceId} changed since the plan was made`);
    }
  }
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}
