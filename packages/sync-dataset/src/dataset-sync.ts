import { type JsonValue, parseResourceId, type Resource } from '@dataiku-iac/models';
import {
  arrayField,
  booleanField,
  buildResource,
  fetchListed,
  objectField,
  readExisting,
  requireProjectKey,
  type ResourceSync,
  stringField,
  type SyncedObject,
  type SyncOptions,
  unlessNotFound,
} from '@dataiku-iac/sync-project';

/**
 * Datasets (`dataset.{KEY}.{name}`), read from their own `GET /projects/{k}/datasets/{d}`.
 *
 * Attributes, always all present: `name`, `type`, `managed`, `params`, `schema`, `formatType`,
 * `formatParams`, `partitioning`, `tags`, `description`, `shortDesc`. A field DSS omits or sends as
 * null takes the default of its kind ("", false, {}, []). Bookkeeping (`versionTag`, `creationTag`…)
 * and every other field are not attributes. Secrets under credential-like keys are redacted.
 * `dataikuInternalId` is the dataset name.
 */
export class DatasetSync implements ResourceSync {
  readonly resourceType = 'dataset' as const;
  readonly #options: SyncOptions;

  constructor(options: SyncOptions) {
    this.#options = options;
  }

  /**
   * @throws InvalidResourceIdError (INVALID_RESOURCE_ID) for a malformed id or another type prefix
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) when DSS answers 404 / NotFoundException
   * @throws DssApiError (DSS_HTTP), DssConnectionError (DSS_UNREACHABLE), DssResponseError (DSS_RESPONSE_INVALID)
   */
  async fetch(resourceId: string, signal?: AbortSignal): Promise<Resource> {
    return (await this.#load(resourceId, signal)).resource;
  }

  /** The dataset with its whole definition; `undefined` when it does not exist. */
  async read(resourceId: string, signal?: AbortSignal): Promise<SyncedObject | undefined> {
    return unlessNotFound(() => this.#load(resourceId, signal));
  }

  async #load(resourceId: string, signal: AbortSignal | undefined): Promise<SyncedObject> {
    const { projectKey, resourceName } = parseResourceId(resourceId, 'dataset');
    const name = resourceName as string;
    const definition = await readExisting(resourceId, () => this.#options.client.getDataset(projectKey, name, signal));
    const entries: (readonly [string, JsonValue])[] = [
      ['name', name],
      ['type', definition.type],
      ['managed', booleanField(definition, 'managed')],
      ['params', objectField(definition, 'params')],
      ['schema', objectField(definition, 'schema')],
      ['formatType', stringField(definition, 'formatType')],
      ['formatParams', objectField(definition, 'formatParams')],
      ['partitioning', objectField(definition, 'partitioning')],
      ['tags', arrayField(definition, 'tags')],
      ['description', stringField(definition, 'description')],
      ['shortDesc', stringField(definition, 'shortDesc')],
    ];
    return { document: definition, resource: buildResource(resourceId, entries, name, this.#options) };
  }

  /**
   * Every dataset of `projectKey`, sorted by id: names from the list, then one GET per dataset, all
   * at once within the client's concurrency. A dataset deleted between the two is skipped with a
   * warning; any other failure rejects the whole call.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) without a valid project key
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) for `project.{KEY}` when the project does not exist (or this key cannot see it)
   */
  async listAll(projectKey?: string, signal?: AbortSignal): Promise<Resource[]> {
    const key = requireProjectKey('dataset', projectKey);
    const client = this.#options.client;
    return fetchListed({
      resourceType: 'dataset',
      projectKey: key,
      listProjectKeys: async (inner) => client.listProjectKeys(inner),
      listNames: async (inner) => client.listDatasetNames(key, inner),
      fetch: async (resourceId, inner) => this.fetch(resourceId, inner),
      onWarning: this.#options.onWarning,
      signal,
    });
  }
}
