import { checkReferences, ConfigError, type Configuration } from '@dataiku-iac/config';
import type { State } from '@dataiku-iac/models';
import { createPlan, type Plan, stateReference } from '@dataiku-iac/plan';
import type { StateManager } from '../state-manager.js';
import { version } from '../version.js';

export interface PlanRunOptions {
  /** Read DSS for the planned projects (default true); false plans against the state file alone. */
  readonly refresh?: boolean | undefined;
  /** Allow deleting a managed project that left the configuration. */
  readonly allowDestroyProject?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface PlanOutcome {
  readonly plan: Plan;
  /** The saved state the plan was made against. */
  readonly saved: State;
}

/**
 * Plan a configuration against DSS (or the state): the declared projects and those holding managed
 * resources are read, the references checked (an input/output must be declared or exist in DSS;
 * no cycle), then compared. Never writes DSS or the state.
 * @throws ConfigError (CONFIG_INVALID) for references that exist nowhere or a dependency cycle
 */
export async function planConfiguration(manager: StateManager, configuration: Configuration, options: PlanRunOptions, saved?: State): Promise<PlanOutcome> {
  const state = saved ?? (await manager.loadState());
  const managedProjects = state.listResources().filter((resource) => resource.metadata.managed).map((resource) => resource.projectKey);
  const projectKeys = [...new Set([...configuration.projectKeys, ...managedProjects])].sort();
  const refresh = options.refresh !== false;
  const actual = refresh && projectKeys.length > 0 ? (await manager.refresh(state, { projects: projectKeys, mayNotExist: true }, options.signal)).state : state;
  const issues = checkReferences(configuration, new Set(actual.resourceIds()));
  if (issues.length > 0) throw new ConfigError(issues);
  const plan = createPlan({
    desired: configuration.resources,
    actual,
    refreshed: refresh,
    projectKeys,
    state: stateReference(state),
    configuration: { source: configuration.source, digest: configuration.digest, codeFiles: configuration.codeFiles },
    environment: manager.environment,
    toolVersion: version,
    redactionKey: manager.redactionKey,
    allowDestroyProject: options.allowDestroyProject,
  });
  return { plan, saved: state };
}
