import { type JsonObject, type JsonValue, parseResourceId, type Resource } from '@dataiku-iac/models';
import {
  arrayField,
  buildResource,
  fetchListed,
  objectField,
  readExisting,
  requireProjectKey,
  type ResourceSync,
  type SyncedObject,
  type SyncOptions,
  unlessNotFound,
} from '@dataiku-iac/sync-project';
import { payloadAttribute } from './recipe-payload.js';

/**
 * Recipes (`recipe.{KEY}.{name}`), read from their own `GET /projects/{k}/recipes/{r}`, which
 * returns `{recipe, payload}`.
 *
 * Attributes: `name`, `type`, `inputs`, `outputs`, `params`, `tags` (from `recipe`; a field DSS omits
 * or sends as null takes the default of its kind: {} or []), and `payload` when the recipe has one
 * (see `payloadAttribute`). Bookkeeping (`versionTag`, `creationTag`…) and other fields are not
 * attributes. Secrets under credential-like keys are redacted, inside parsed payloads too.
 * `dataikuInternalId` is the recipe name.
 */
export class RecipeSync implements ResourceSync {
  readonly resourceType = 'recipe' as const;
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

  /** The recipe with its whole `{recipe, payload}` document; `undefined` when it does not exist. */
  async read(resourceId: string, signal?: AbortSignal): Promise<SyncedObject | undefined> {
    return unlessNotFound(() => this.#load(resourceId, signal));
  }

  async #load(resourceId: string, signal: AbortSignal | undefined): Promise<SyncedObject> {
    const { projectKey, resourceName } = parseResourceId(resourceId, 'recipe');
    const name = resourceName as string;
    const document = await readExisting(resourceId, () => this.#options.client.getRecipe(projectKey, name, signal));
    const recipe = document.recipe;
    const entries: (readonly [string, JsonValue])[] = [
      ['name', name],
      ['type', recipe.type],
      ['inputs', objectField(recipe, 'inputs')],
      ['outputs', objectField(recipe, 'outputs')],
      ['params', objectField(recipe, 'params')],
      ['tags', arrayField(recipe, 'tags')],
    ];
    const payload = payloadAttribute(recipe.type, document.payload);
    if (payload !== undefined) entries.push(['payload', payload]);
    return { document: document as unknown as JsonObject, resource: buildResource(resourceId, entries, name, this.#options) };
  }

  /**
   * Every recipe of `projectKey`, sorted by id: names from the list, then one GET per recipe, all at
   * once within the client's concurrency. A recipe deleted between the two is skipped with a
   * warning; any other failure rejects the whole call.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) without a valid project key
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) for `project.{KEY}` when the project does not exist (or this key cannot see it)
   */
  async listAll(projectKey?: string, signal?: AbortSignal): Promise<Resource[]> {
    const key = requireProjectKey('recipe', projectKey);
    const client = this.#options.client;
    return fetchListed({
      resourceType: 'recipe',
      projectKey: key,
      listProjectKeys: async (inner) => client.listProjectKeys(inner),
      listNames: async (inner) => client.listRecipeNames(key, inner),
      fetch: async (resourceId, inner) => this.fetch(resourceId, inner),
      onWarning: this.#options.onWarning,
      signal,
    });
  }
}
