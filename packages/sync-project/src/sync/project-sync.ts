import { type JsonValue, parseResourceId, type Resource } from '@dataiku-iac/models';
import type { ProjectMetadata, ProjectSettings } from '@dataiku-iac/dss-client';
import { arrayField, buildResource, objectField, omitKeysDeep, stringField } from './attributes.js';
import { fetchListed } from './fetch-listed.js';
import { projectReadFailure } from './project-absence.js';
import { unlessNotFound } from './read-existing.js';
import type { ResourceSync, SyncedObject, SyncOptions } from './resource-sync.js';

/** Bookkeeping DSS changes on every save; never an attribute (saving without a change is not drift). */
const BOOKKEEPING_KEYS: ReadonlySet<string> = new Set(['versionTag', 'creationTag', 'lastModifiedOn', 'lastModifiedBy']);

/**
 * Projects (`project.{KEY}`). Attributes, always all present:
 * `projectKey`, `name` (metadata `label`), `description`, `shortDesc`, `tags`, `checklists`
 * (from `GET /projects/{k}/metadata`) and `settings` (the inner `settings` object of
 * `GET /projects/{k}/settings`: code envs, container, cluster…, with `versionTag`, `creationTag`,
 * `lastModifiedOn` and `lastModifiedBy` removed at any depth). `dataikuInternalId` is null.
 *
 * A project that DSS says is not found, or refuses to read (401/403) while its project list lacks
 * the key, does not exist: ResourceNotFoundError (see `projectReadFailure`).
 */
export class ProjectSync implements ResourceSync {
  readonly resourceType = 'project' as const;
  readonly #options: SyncOptions;

  constructor(options: SyncOptions) {
    this.#options = options;
  }

  async fetch(resourceId: string, signal?: AbortSignal): Promise<Resource> {
    return (await this.#load(resourceId, signal)).resource;
  }

  /** The project with its `{metadata, settings}` documents; `undefined` when it does not exist. */
  async read(resourceId: string, signal?: AbortSignal): Promise<SyncedObject | undefined> {
    return unlessNotFound(() => this.#load(resourceId, signal));
  }

  async #load(resourceId: string, signal: AbortSignal | undefined): Promise<SyncedObject> {
    const { projectKey } = parseResourceId(resourceId, 'project');
    const client = this.#options.client;
    const controller = new AbortController();
    const inner = signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]);
    const abortOther = (error: unknown): never => {
      controller.abort();
      throw error;
    };
    let metadata: ProjectMetadata;
    let settings: ProjectSettings;
    try {
      [metadata, settings] = await Promise.all([
        client.getProjectMetadata(projectKey, inner).catch(abortOther),
        client.getProjectSettings(projectKey, inner).catch(abortOther),
      ]);
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      const failure = await projectReadFailure(error, projectKey, async (inner) => client.listProjectKeys(inner), signal);
      signal?.throwIfAborted();
      throw failure;
    }
    const entries: (readonly [string, JsonValue])[] = [
      ['projectKey', projectKey],
      ['name', stringField(metadata, 'label')],
      ['description', stringField(metadata, 'description')],
      ['shortDesc', stringField(metadata, 'shortDesc')],
      ['tags', arrayField(metadata, 'tags')],
      ['checklists', objectField(metadata, 'checklists')],
      ['settings', omitKeysDeep(objectField(settings, 'settings'), BOOKKEEPING_KEYS)],
    ];
    return { document: { metadata, settings }, resource: buildResource(resourceId, entries, null, this.#options) };
  }

  /**
   * Every project the key can list, sorted by id. With `projectKey`, only that project (an empty
   * array when DSS does not list it).
   */
  async listAll(projectKey?: string, signal?: AbortSignal): Promise<Resource[]> {
    const client = this.#options.client;
    return fetchListed({
      resourceType: 'project',
      listNames: async (inner) => {
        const keys = await client.listProjectKeys(inner);
        return projectKey === undefined ? keys : keys.filter((key) => key === projectKey);
      },
      fetch: async (resourceId, inner) => this.fetch(resourceId, inner),
      onWarning: this.#options.onWarning,
      signal,
    });
  }
}
