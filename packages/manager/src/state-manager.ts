import { type JournalSummary, journalRecords, summarizeJournal } from '@dataiku-iac/apply';
import type { Configuration } from '@dataiku-iac/config';
import { DiffEngine } from '@dataiku-iac/diff';
import type { DssClient } from '@dataiku-iac/dss-client';
import {
  DataikuIaCError,
  hasErrorCode,
  InvalidArgumentError,
  makeResourceId,
  parseResourceId,
  type Resource,
  type ResourceDiff,
  ResourceNotFoundError,
  type ResourceType,
  type SaveOptions,
  type SaveResult,
  State,
  type StateBackend,
  type StateVersion,
} from '@dataiku-iac/models';
import { DatasetSync } from '@dataiku-iac/sync-dataset';
import { ProjectSync, type ResourceSync, type SyncOptions } from '@dataiku-iac/sync-project';
import { RecipeSync } from '@dataiku-iac/sync-recipe';
import { UnconfirmedRemovalError } from './errors/unconfirmed-removal-error.js';
import { type ApplyOutcome, applyConfiguration, type ApplyRunOptions, type ApplySource } from './flows/apply-configuration.js';
import { type ImportOutcome, importProject } from './flows/import-project.js';
import { type PlanOutcome, planConfiguration, type PlanRunOptions } from './flows/plan-configuration.js';
import { mergeProjects, projectKeysOf } from './merge-projects.js';
import { DssReading } from './refresh/dss-reading.js';
import { namedProjects, type SyncScope } from './scope.js';

export interface StateManagerOptions {
  /** Where the state lives: any `StateBackend` (a local file, PostgreSQL…). */
  readonly backend: StateBackend;
  /**
   * The DSS client, or a function that builds it on first use, so that what never reads DSS
   * (show, history…) needs no DSS settings.
   */
  readonly dss: DssClient | (() => DssClient);
  readonly environment: string;
  /** Recorded as `deployed_by` of new or changed resources. Default "system". */
  readonly deployedBy?: string;
  /** Key of the keyed hash that replaces secrets (see `@dataiku-iac/sync-project`). */
  readonly redactionKey?: string;
  readonly onWarning?: (message: string) => void;
}

export interface RefreshResult {
  /** The base state with the projects of the scope replaced by what DSS holds now. */
  readonly state: State;
  /** Every project key that was read. */
  readonly projectKeys: readonly string[];
  /** Projects of the scope that DSS no longer has (their resources were removed). */
  readonly removedProjects: readonly string[];
}

export interface SyncRunOptions {
  /** Replace an unreadable state (it is kept aside first) or one of another lineage. */
  readonly force?: boolean;
  /** How long to wait for another holder of the lock (default: the backend's). */
  readonly lockTimeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface SyncResult extends RefreshResult {
  /** The state before the sync (empty when there was none). */
  readonly base: State;
  /** Every resource of the base and the new state, with its change (unchanged included). */
  readonly diffs: readonly ResourceDiff[];
  readonly saved: SaveResult;
}

export interface DriftResult extends RefreshResult {
  /** The saved state DSS is compared with. */
  readonly saved: State;
  /** Every resource of the saved state and of DSS, with its change (unchanged included). */
  readonly diffs: readonly ResourceDiff[];
}

/**
 * Owns every flow between DSS, the state and its backend (spec section 9): sync, drift, history,
 * restore. It holds a `StateBackend`, never a particular one, and reads DSS through the syncs.
 */
export class StateManager {
  readonly backend: StateBackend;
  readonly environment: string;
  /** `deployed_by` of what this manager records. */
  readonly deployedBy: string | undefined;
  /** The key of the keyed hash of secrets (see `@dataiku-iac/sync-project`). */
  readonly redactionKey: string | undefined;
  readonly #dss: () => DssClient;
  readonly #syncOptions: Omit<SyncOptions, 'client'>;
  readonly #onWarning: (message: string) => void;
  #client: DssClient | undefined;
  #syncs: ReadonlyMap<ResourceType, ResourceSync> | undefined;

  constructor(options: StateManagerOptions) {
    this.backend = options.backend;
    this.environment = options.environment;
    this.deployedBy = options.deployedBy;
    this.redactionKey = options.redactionKey;
    const { dss } = options;
    this.#dss = typeof dss === 'function' ? dss : () => dss;
    this.#onWarning = options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`));
    this.#syncOptions = {
      deployedBy: options.deployedBy,
      redactionKey: options.redactionKey,
      onWarning: options.onWarning,
    };
  }

  /** The DSS client (built on first use). */
  get client(): DssClient {
    this.#client ??= this.#dss();
    return this.#client;
  }

  /** The sync of each resource type that can be read from DSS. */
  get syncs(): ReadonlyMap<ResourceType, ResourceSync> {
    if (this.#syncs === undefined) {
      const options: SyncOptions = { ...this.#syncOptions, client: this.client };
      this.#syncs = new Map<ResourceType, ResourceSync>([
        ['project', new ProjectSync(options)],
        ['dataset', new DatasetSync(options)],
        ['recipe', new RecipeSync(options)],
      ]);
    }
    return this.#syncs;
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

  /**
   * The saved state.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when there is none
   */
  async readState(): Promise<State> {
    return this.backend.load();
  }

  /** Save under this manager's environment (see `StateBackend.save`). */
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
    const sync = this.syncs.get(resourceType);
    if (sync === undefined) throw new InvalidArgumentError(`cannot sync ${resourceId}: ${resourceType} resources are not supported yet`);
    return sync.fetch(resourceId);
  }

  /**
   * A state holding one project and, by default, its datasets and recipes.
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) when the project does not exist
   */
  async syncProject(projectKey: string, includeChildren = true): Promise<State> {
    const state = new State({ environment: this.environment });
    const id = makeResourceId('project', projectKey);
    const resources = includeChildren ? await this.#readProject(projectKey, new AbortController().signal) : [await this.syncResource(id)];
    if (resources === undefined) throw new ResourceNotFoundError(id);
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
   * that DSS no longer has is removed (once DSS's project list confirms it); one named explicitly
   * that DSS does not have is an error. Requests run concurrently, bounded by the client; the first
   * failure cancels the other reads and is thrown.
   *
   * `base` may be a promise (a state still loading): with project keys or `all`, DSS is read while
   * it loads, and a state that fails to load is the error reported.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for an invalid project key, before anything is read
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) for an explicitly named project that does not exist
   */
  async refresh(base: State | Promise<State>, scope: SyncScope = {}, signal?: AbortSignal): Promise<RefreshResult> {
    const loading = Promise.resolve(base);
    // Observed below (or deliberately dropped on a bad scope): never an unhandled rejection.
    loading.catch(() => undefined);
    const named = namedProjects(scope);
    const reading = new DssReading(
      (key, inner) => this.#readProject(key, inner),
      (inner) => this.client.listProjectKeys(inner),
      signal,
    );
    try {
      return await this.#refresh(reading, loading, scope, named);
    } catch (error) {
      reading.cancel();
      // Interrupted: say so at once, without waiting for a large state to finish loading.
      if (signal?.aborted === true) throw error;
      // A state that cannot be loaded is the problem to report, as if it had been loaded first.
      throw (await loading.then(() => undefined, (loadError: unknown) => loadError)) ?? error;
    } finally {
      reading.dispose();
    }
  }

  async #refresh(reading: DssReading, loading: Promise<State>, scope: SyncScope, named: readonly string[] | undefined): Promise<RefreshResult> {
    // What is known before the state has loaded is read meanwhile.
    if (named !== undefined) for (const key of named) void reading.project(key);
    else if (scope.all === true) void reading.projectList();
    const state = await reading.untilCancelled(loading);
    const tracked = projectKeysOf(state);
    const everything = named === undefined && (scope.all === true || tracked.length === 0);
    const listed = everything ? await reading.projectList() : undefined;
    const projectKeys = named ?? (listed === undefined ? tracked : [...new Set([...listed, ...tracked])].sort());
    const results = await Promise.all(projectKeys.map((key) => reading.project(key)));
    const trackedKeys = new Set(tracked);
    const removedProjects: string[] = [];
    const found: Resource[] = [];
    results.forEach((resources, index) => {
      const key = projectKeys[index] as string;
      if (resources !== undefined) found.push(...resources);
      else if (trackedKeys.has(key)) removedProjects.push(key);
      else if (named === undefined) this.#onWarning(`project ${key} was listed by DSS but no longer exists; skipped`);
      else if (scope.mayNotExist !== true) throw new ResourceNotFoundError(makeResourceId('project', key));
    });
    if (removedProjects.length > 0) await this.#confirmRemoved(removedProjects, reading);
    return { state: mergeProjects(state, projectKeys, found), projectKeys, removedProjects };
  }

  /**
   * Tracked projects answered "not found". A wrong URL, or a proxy in front of DSS, can answer 404
   * to everything, which must not empty the state: believe the 404 only when DSS's project list
   * can be read and does not have them.
   */
  async #confirmRemoved(keys: readonly string[], reading: DssReading): Promise<void> {
    let inDss: readonly string[];
    try {
      inDss = await reading.projectList();
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
  async #readProject(projectKey: string, signal: AbortSignal): Promise<Resource[] | undefined> {
    const syncs = this.syncs;
    const read = (type: ResourceType): Promise<Resource[]> =>
      type === 'project'
        ? (syncs.get('project') as ResourceSync).fetch(makeResourceId('project', projectKey), signal).then((project) => [project])
        : (syncs.get(type) as ResourceSync).listAll(projectKey, signal);
    const [project, datasets, recipes] = await Promise.allSettled([read('project'), read('dataset'), read('recipe')]);
    if (project.status === 'rejected') {
      if (hasErrorCode(project.reason, 'RESOURCE_NOT_FOUND')) return undefined;
      throw project.reason;
    }
    if (datasets.status === 'rejected') throw datasets.reason;
    if (recipes.status === 'rejected') throw recipes.reason;
    return [...project.value, ...datasets.value, ...recipes.value];
  }

  /**
   * `dataiku-iac sync`: under the state lock, read the scope from DSS (while the state loads) and
   * save the result. Nothing is written when nothing changed. With `force`, an unreadable state is
   * replaced (the backend keeps it aside first); a state of a newer format never is.
   */
  async sync(scope: SyncScope, options: SyncRunOptions = {}): Promise<SyncResult> {
    namedProjects(scope);
    const lock = await this.backend.lock('sync', options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs });
    try {
      const loading = this.#syncBase(options.force === true);
      const refreshed = await this.refresh(loading, scope, options.signal);
      const base = await loading;
      const diffs = new DiffEngine().diff(base, refreshed.state, { includeUnchanged: true });
      const saved = await this.saveState(refreshed.state, { force: options.force === true });
      return { ...refreshed, base, diffs, saved };
    } finally {
      await lock.release();
    }
  }

  async #syncBase(force: boolean): Promise<State> {
    try {
      return await this.loadState();
    } catch (error) {
      if (!force || !(hasErrorCode(error, 'STATE_CORRUPTED') || hasErrorCode(error, 'STATE_READ'))) throw error;
      this.#onWarning(`${(error as Error).message}; forced: starting from an empty state (the unreadable one is kept aside when the new state is saved)`);
      return new State({ environment: this.environment });
    }
  }

  /**
   * `dataiku-iac drift`: read the scope from DSS and compare it with the saved state. Never writes.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when there is no saved state to compare with
   */
  async drift(scope: SyncScope, options: { readonly signal?: AbortSignal | undefined } = {}): Promise<DriftResult> {
    namedProjects(scope);
    const loading = this.backend.load();
    const refreshed = await this.refresh(loading, scope, options.signal);
    const saved = await loading;
    return { ...refreshed, saved, diffs: new DiffEngine().diff(saved, refreshed.state, { includeUnchanged: true }) };
  }

  /** The current state and its kept previous versions, newest first. */
  async history(): Promise<StateVersion[]> {
    return this.backend.history();
  }

  /**
   * Make a kept version current again, under the lock: it is saved as a new serial of the current
   * lineage, so the version it replaces is kept in turn.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when no kept version has that serial
   */
  async restore(serial: number, options: { readonly lockTimeoutMs?: number } = {}): Promise<SaveResult> {
    const lock = await this.backend.lock('restore', options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs });
    try {
      const current = await this.backend.load();
      const restored = await this.backend.loadVersion(serial);
      restored.serial = current.serial;
      restored.lineage = current.lineage;
      return await this.saveState(restored);
    } finally {
      await lock.release();
    }
  }

  /**
   * `dataiku-iac plan`: what applying `configuration` would do. Never writes DSS or the state.
   * `configuration` may be a promise of it, still loading: DSS is read meanwhile for the projects
   * the state manages.
   * @throws ConfigError (CONFIG_INVALID) for a configuration that does not load, references that exist nowhere or a cycle
   * @throws PlanError (PLAN_INVALID) for a managed project it may not delete
   */
  async plan(configuration: Configuration | Promise<Configuration>, options: PlanRunOptions = {}): Promise<PlanOutcome> {
    return planConfiguration(this, configuration, options);
  }

  /** `dataiku-iac apply`: see `applyConfiguration`. */
  async apply(source: ApplySource, options: ApplyRunOptions = {}): Promise<ApplyOutcome> {
    return applyConfiguration(this, source, options);
  }

  /** `dataiku-iac import`: see `importProject`. */
  async import(projectKey: string, directory: string, options: Parameters<typeof importProject>[3] = {}): Promise<ImportOutcome> {
    return importProject(this, projectKey, directory, options);
  }

  /** What the journal says of an interrupted apply, or `undefined` when none was interrupted. */
  async interruptedApply(): Promise<JournalSummary | undefined> {
    const records = await this.backend.journal.read();
    return records.length === 0 ? undefined : summarizeJournal(journalRecords(records));
  }

  /** Remove the state lock with this id (see `StateBackend.forceUnlock`). */
  async forceUnlock(id: string): Promise<void> {
    await this.backend.forceUnlock(id);
  }

  /** Release the backend and the DSS client. */
  async close(): Promise<void> {
    await Promise.all([this.backend.close(), this.#client?.close()]);
  }
}

function nameProjects(keys: readonly string[]): { what: string; them: string } {
  return keys.length === 1 ? { what: `project ${keys.join('')}`, them: 'it' } : { what: `projects ${keys.join(', ')}`, them: 'them' };
}
