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
 *
 * `configuration` may still be loading: the projects the state manages are read from DSS meanwhile
 * (they are read in any case), and the declared ones not among them once it has loaded.
 * @throws ConfigError (CONFIG_INVALID) for a configuration that does not load, references that exist nowhere or a dependency cycle
 */
export async function planConfiguration(
  manager: StateManager,
  configuration: Configuration | Promise<Configuration>,
  options: PlanRunOptions,
  saved?: State,
): Promise<PlanOutcome> {
  const loading = Promise.resolve(configuration);
  // Observed below in every path; a configuration that does not load is the error to report first.
  loading.catch(() => undefined);
  const state = saved ?? (await whenLoaded(loading, manager.loadState()));
  const managedProjects = [...new Set(state.listResources().filter((resource) => resource.metadata.managed).map((resource) => resource.projectKey))];
  const refresh = options.refresh !== false;
  const { declared, actual } = refresh ? await refreshWhileLoading(manager, state, managedProjects, loading, options.signal) : { declared: await loading, actual: state };
  const projectKeys = [...new Set([...declared.projectKeys, ...managedProjects])].sort();
  const issues = checkReferences(declared, new Set(actual.resourceIds()));
  if (issues.length > 0) throw new ConfigError(issues);
  const plan = createPlan({
    desired: declared.resources,
    actual,
    refreshed: refresh,
    projectKeys,
    state: stateReference(state),
    configuration: { source: declared.source, digest: declared.digest, codeFiles: declared.codeFiles },
    environment: manager.environment,
    toolVersion: version,
    redactionKey: manager.redactionKey,
    allowDestroyProject: options.allowDestroyProject,
  });
  return { plan, saved: state };
}

/** `work`'s result, unless `loading` fails first or `work` fails: then `loading`'s error if it has one. */
async function whenLoaded<T>(loading: Promise<Configuration>, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    await loading;
    throw error;
  }
}

/**
 * Reads the managed projects while the configuration loads, then the declared projects not among
 * them. When the configuration fails to load, the reads are cancelled and its error is thrown.
 */
async function refreshWhileLoading(
  manager: StateManager,
  state: State,
  managedProjects: readonly string[],
  loading: Promise<Configuration>,
  signal: AbortSignal | undefined,
): Promise<{ declared: Configuration; actual: State }> {
  const cancel = new AbortController();
  const stop = (): void => {
    cancel.abort(signal?.reason);
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const early = managedProjects.length === 0 ? Promise.resolve(state) : manager.refresh(state, { projects: managedProjects, mayNotExist: true }, cancel.signal).then((result) => result.state);
    early.catch(() => undefined);
    let declared: Configuration;
    try {
      declared = await loading;
    } catch (error) {
      cancel.abort();
      await early.catch(() => undefined);
      throw error;
    }
    const managed = new Set(managedProjects);
    const rest = declared.projectKeys.filter((key) => !managed.has(key));
    const refreshed = await early;
    const actual = rest.length === 0 ? refreshed : (await manager.refresh(refreshed, { projects: rest, mayNotExist: true }, cancel.signal)).state;
    return { declared, actual };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
