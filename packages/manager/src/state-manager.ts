import type { LocalFileBackend } from '@dataiku-iac/backend-local';
import {
  DataikuIaCError,
  hasErrorCode,
  InvalidArgumentError,
  makeResourceId,
  parseResourceId,
  type Resource,
  type ResourceType,
  ResourceNotFoundError,
  type SaveOptions,
  type SaveResult,
  State,
} from '@dataiku-iac/models';
import { DatasetSync } from '@dataiku-iac/sync-dataset';
import type { DssClient } from '@dataiku-iac/dss-client';
import { ProjectSync, type ResourceSync, type SyncOptions } from '@dataiku-iac/sync-project';
import { RecipeSync } from '@dataiku-iac/sync-recipe';
import { UnconfirmedRemovalError } from './errors/unconfirmed-removal-error.js';
import { mergeProjects, projectKeysOf } from './merge-projects.js';

export interface StateManagerOptions {
  readonly backend: LocalFileBackend;
  readonly client: DssClient;
  readonly environment: string;
  /** Recorded as `deployed_by` of new or changed resources. Default "system". */
  readonly deployedBy?: string;
  /** Key of the keyed hash that replaces secrets (see `@dataiku-iac/sync-project`). */
  readonly redactionKey?: string;
  readonly onWarning?: (message: string) => void;
}

/** Which projects to read: the given keys; or with `all`, every project in DSS and in the state. */
export interface SyncScope {
  readonly projects?: readonly string[];
  readonly all?: boolean;
}

export interface RefreshResult {
  /** `base` with the projects of the scope replaced by what DSS holds now. */
  readonly state: State;
  /** Every project key that was read. */
  readonly projectKeys: readonly string[];
  /** Projects of the scope that DSS no longer has (their resources were removed). */
  readonly removedProjects: readonly string[];
}

/**
 * Coordinates the backend, the DSS syncs and the state (spec section 9).
 */
export class StateManager {
  readonly backend: LocalFileBackend;
  readonly client: DssClient;
  readonly environment: string;
  readonly projectSync: ProjectSync;
  readonly datasetSync: DatasetSync;
  readonly recipeSync: RecipeSync;
  private readonly registry: ReadonlyMap<ResourceType, ResourceSync>;
  private readonly onWarning: (message: string) => void;

  constructor(options: StateManagerOptions) {
    this.onWarning = options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`));
    this.backend = options.backend;
    this.client = options.client;
    this.environment = options.environment;
    const syncOptions: SyncOptions = {
      client: options.client,
      ...(options.deployedBy === undefined ? {} : { deployedBy: options.deployedBy }),
      ...(options.redactionKey === undefined ? {} : { redactionKey: options.redactionKey }),
      ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
    };
    this.projectSync = new ProjectSync(syncOptions);
    this.datasetSync = new DatasetSync(syncOptions);
    this.recipeSync = new RecipeSync(syncOptions);
    this.registry = new Map<ResourceType, ResourceSync>([
      ['project', this.projectSync],
      ['dataset', this.datasetSync],
      ['recipe', this.recipeSync],
    ]);
  }

  /** The saved state, or an empty one for this environment when there is none. */
  async loadState(): Promise<State> {
    try {
      return await this.backend.load();
    } catch (error) {
      if (hasErrorCode(error, 'STATE_NOT_FOUND')) return new State({ environment: this.environment });
      throw error;
    }
  }

  /** Save under this manager's environment (see `LocalFileBackend.save`). */
  async saveState(state: State, options?: SaveOptions): Promise<SaveResult> {
    state.environment = this.environment;
    return this.backend.save(state, options);
  }

  /**
   * Read one resource from DSS.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for a type that cannot be synced yet (scenario, model)
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) when DSS says it does not exist
   */
  async syncResource(resourceId: string): Promise<Resource> {
    const { resourceType } = parseResourceId(resourceId);
    const sync = this.registry.get(resourceType);
    if (sync === undefined) throw new InvalidArgumentError(`cannot sync ${resourceId}: ${resourceType} resources are not supported yet`);
    return sync.fetch(resourceId);
  }

  /**
   * A state holding one project and, by default, its datasets and recipes.
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) when the project does not exist
   */
  async syncProject(projectKey: string, includeChildren = true): Promise<State> {
    const state = new State({ environment: this.environment });
    if (!includeChildren) {
      state.addResource(await this.projectSync.fetch(makeResourceId('project', projectKey)));
      return state;
    }
    const resources = await this.readProject(projectKey, new AbortController().signal);
    if (resources === undefined) throw new ResourceNotFoundError(makeResourceId('project', projectKey));
    for (const resource of resources) state.addResource(resource);
    return state;
  }

  /** A state holding every project of DSS with its datasets and recipes. */
  async syncAll(): Promise<State> {
    const { state } = await this.refresh(new State({ environment: this.environment }), { all: true });
    return state;
  }

  /**
   * Read the projects of the scope from DSS and merge them into a copy of `base` (never modified).
   * Scope: the given project keys; with `all`, every project in DSS and in `base`; otherwise the
   * projects `base` tracks, or every project in DSS when `base` is empty. A project of the scope
   * that DSS no longer has is removed; one named explicitly that neither DSS nor `base` has is an
   * error. Requests run concurrently, bounded by the client; the first failure other than a
   * "not found" aborts the others and is thrown.
   *
   * `base` may be a promise (a state still loading): with project keys or `all`, DSS is read while
   * it loads; its rejection aborts the reading and is thrown.
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) for an explicitly named project that does not exist
   */
  async refresh(base: State | Promise<State>, scope: SyncScope = {}, signal?: AbortSignal): Promise<RefreshResult> {
    const controller = new AbortController();
    const abort = (): void => {
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    // Whichever fails first is thrown; what fails after that (aborted reads) is of no interest.
    const quiet = <T>(promise: Promise<T>): Promise<T> => {
      promise.catch(() => undefined);
      return promise;
    };
    const reads = new Map<string, Promise<Resource[] | undefined>>();
    const read = (key: string): Promise<Resource[] | undefined> => {
      let reading = reads.get(key);
      if (reading === undefined) {
        reading = quiet(this.readProject(key, controller.signal));
        reads.set(key, reading);
      }
      return reading;
    };
    const loading = quiet(Promise.resolve(base));
    // The load itself cannot be cancelled; waiting for it can.
    const cancelled = quiet(
      new Promise<never>((_resolve, reject) => {
        controller.signal.addEventListener('abort', () => {
          reject(controller.signal.reason as Error);
        });
      }),
    );
    try {
      signal?.throwIfAborted();
      const { projectKeys, listed, state } = await this.resolveScope(Promise.race([loading, cancelled]), scope, controller.signal, read);
      const tracked = new Set(projectKeysOf(state));
      const results = await Promise.all(projectKeys.map(read));
      const removedProjects: string[] = [];
      const found: Resource[] = [];
      results.forEach((resources, index) => {
        const key = projectKeys[index] as string;
        if (resources !== undefined) found.push(...resources);
        else if (tracked.has(key)) removedProjects.push(key);
        else if (scope.projects === undefined) this.onWarning(`project ${key} was listed by DSS but no longer exists; skipped`);
        else throw new ResourceNotFoundError(makeResourceId('project', key));
      });
      if (removedProjects.length > 0) await this.confirmRemoved(removedProjects, listed, controller.signal);
      return { state: mergeProjects(state, projectKeys, found), projectKeys, removedProjects };
    } catch (error) {
      controller.abort();
      if (signal?.aborted === true) throw error; // interrupted: do not wait for the load
      // A state that cannot be loaded is the problem to report, as if it had been loaded first.
      throw (await loading.then(() => undefined, (loadError: unknown) => loadError)) ?? error;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * The project keys to read, the base state, and DSS's project list when it was read to find
   * them. Projects known before the state has loaded are already being read (`read`).
   */
  private async resolveScope(
    loading: Promise<State>,
    scope: SyncScope,
    signal: AbortSignal,
    read: (key: string) => unknown,
  ): Promise<{ projectKeys: string[]; listed?: readonly string[]; state: State }> {
    if (scope.projects !== undefined && scope.projects.length > 0) {
      for (const key of scope.projects) makeResourceId('project', key);
      const projectKeys = [...new Set(scope.projects)].sort();
      projectKeys.forEach(read);
      return { projectKeys, state: await loading };
    }
    if (!scope.all) {
      const state = await loading;
      const tracked = projectKeysOf(state);
      if (tracked.length > 0) return { projectKeys: tracked, state };
    }
    const listing = this.client.listProjectKeys(signal).then((keys) => {
      keys.forEach(read);
      return keys;
    });
    const [inDss, state] = await Promise.all([listing, loading]);
    return { projectKeys: [...new Set([...inDss, ...projectKeysOf(state)])].sort(), listed: inDss, state };
  }

  /**
   * Tracked projects answered "not found". A wrong URL, or a proxy in front of DSS, can answer 404
   * to everything, which must not empty the state: believe the 404 only when DSS's project list
   * can be read and does not have them.
   */
  private async confirmRemoved(keys: readonly string[], listed: readonly string[] | undefined, signal: AbortSignal): Promise<void> {
    let inDss: readonly string[];
    try {
      inDss = listed ?? (await this.client.listProjectKeys(signal));
    } catch (error) {
      if (!DataikuIaCError.isInstance(error)) throw error;
      const { what, them } = nameProjects(keys);
      const message = `${error.message}; refusing to remove ${what} from the state: DSS answered "not found" for ${them}, but its project list, which would confirm it, cannot be read`;
      throw new UnconfirmedRemovalError(error.code, message, keys, { cause: error });
    }
    const listedAnyway = keys.filter((key) => inDss.includes(key));
    if (listedAnyway.length > 0) {
      const { what, them } = nameProjects(listedAnyway);
      throw new UnconfirmedRemovalError('DSS_RESPONSE_INVALID', `DSS lists ${what} but answers "not found" when reading ${them}; refusing to remove ${them} from the state`, listedAnyway);
    }
  }

  /** A project with its datasets and recipes; undefined when DSS says the project does not exist. */
  private async readProject(projectKey: string, signal: AbortSignal): Promise<Resource[] | undefined> {
    const [project, datasets, recipes] = await Promise.allSettled([
      this.projectSync.fetch(makeResourceId('project', projectKey), signal),
      this.datasetSync.listAll(projectKey, signal),
      this.recipeSync.listAll(projectKey, signal),
    ]);
    if (project.status === 'rejected') {
      if (hasErrorCode(project.reason, 'RESOURCE_NOT_FOUND')) return undefined;
      throw project.reason;
    }
    if (datasets.status === 'rejected') throw datasets.reason;
    if (recipes.status === 'rejected') throw recipes.reason;
    return [project.value, ...datasets.value, ...recipes.value];
  }
}

function nameProjects(keys: readonly string[]): { what: string; them: string } {
  return keys.length === 1 ? { what: `project ${keys.join('')}`, them: 'it' } : { what: `projects ${keys.join(', ')}`, them: 'them' };
}
