import { type DatasetDefinition, type DssClient, isNotFound, type RecipeDocument } from '@dataiku-iac/dss-client';
import { InvalidArgumentError, isJsonObject, type JsonObject, type JsonValue, parseResourceId, type ResourceType } from '@dataiku-iac/models';
import type { ResourceSync } from '@dataiku-iac/sync-project';
import type { DssObject, DssObjects } from './dss-objects.js';
import { mergeDeclared } from './merge-declared.js';

export interface ClientObjectsOptions {
  readonly client: DssClient;
  /** The sync of each type: how an object is read back, as the state records it. */
  readonly syncs: ReadonlyMap<ResourceType, ResourceSync>;
  /** The DSS login that owns created projects. Default: the API key's own (`GET /auth/info`). */
  readonly owner?: string | undefined;
}

/** Metadata keys of a project, by the attribute that declares them. */
const PROJECT_METADATA: Readonly<Record<string, string>> = { name: 'label', description: 'description', shortDesc: 'shortDesc', tags: 'tags', checklists: 'checklists' };

/**
 * `DssObjects` on the DSS REST API (`dss-api.md`): reads through the syncs, writes through the
 * client. An update GETs the document, changes only the declared keys and PUTs the whole document
 * back, so that what DSS or a person set elsewhere survives. Deletes never drop data. Creates are
 * never retried blindly (the client retries a POST only on 429).
 */
export function createClientObjects(options: ClientObjectsOptions): DssObjects {
  const { client } = options;
  let owner: Promise<string> | undefined;
  const projectOwner = (): Promise<string> => {
    owner ??= options.owner === undefined ? client.getAuthInfo().then((info) => (typeof info.authIdentifier === 'string' ? info.authIdentifier : 'admin')) : Promise.resolve(options.owner);
    return owner;
  };
  const sync = (resourceId: string): ResourceSync => {
    const { resourceType } = parseResourceId(resourceId);
    const found = options.syncs.get(resourceType);
    if (found === undefined) throw new InvalidArgumentError(`no sync for ${resourceType} resources`);
    return found;
  };
  return {
    read: async (resourceId) => sync(resourceId).read(resourceId),
    async create(resourceId, attributes) {
      const { resourceType, projectKey, resourceName } = parseResourceId(resourceId);
      const name = resourceName as string;
      switch (resourceType) {
        case 'project':
          await client.createProject({
            projectKey,
            name: typeof attributes.name === 'string' ? attributes.name : projectKey,
            owner: await projectOwner(),
            ...(typeof attributes.description === 'string' ? { description: attributes.description } : {}),
            ...(Array.isArray(attributes.tags) ? { tags: attributes.tags.filter((tag): tag is string => typeof tag === 'string') } : {}),
          });
          return;
        case 'dataset':
          await client.createDataset(projectKey, { ...withoutKeys(attributes, ['name']), name, type: typeOf(resourceId, attributes) });
          return;
        case 'recipe': {
          const prototype = { ...withoutKeys(attributes, ['name', 'payload']), type: typeOf(resourceId, attributes), name };
          const code = typeof attributes.payload === 'string' ? { script: attributes.payload } : {};
          await client.createRecipe(projectKey, prototype, code);
          return;
        }
        default:
          throw new InvalidArgumentError(`${resourceType} resources cannot be created`);
      }
    },
    async update(resourceId, current, attributes) {
      const { resourceType, projectKey, resourceName } = parseResourceId(resourceId);
      const name = resourceName as string;
      if (resourceType === 'project') {
        await updateProject(client, projectKey, current, attributes);
      } else if (resourceType === 'dataset') {
        await client.putDataset(projectKey, name, mergeDeclared(current.document, withoutKeys(attributes, ['name'])) as DatasetDefinition);
      } else {
        const document = current.document as unknown as RecipeDocument;
        const recipe = mergeDeclared(document.recipe, withoutKeys(attributes, ['name', 'payload']));
        const payload = Object.hasOwn(attributes, 'payload') ? payloadText(attributes.payload as JsonValue) : document.payload;
        await client.putRecipe(projectKey, name, { recipe: recipe as RecipeDocument['recipe'], ...(payload === undefined || payload === null ? {} : { payload }) });
      }
    },
    async delete(resourceId) {
      const { resourceType, projectKey, resourceName } = parseResourceId(resourceId);
      try {
        if (resourceType === 'project') await client.deleteProject(projectKey, { clearManagedDatasets: false });
        else if (resourceType === 'dataset') await client.deleteDataset(projectKey, resourceName as string, { dropData: false });
        else await client.deleteRecipe(projectKey, resourceName as string);
      } catch (error) {
        // Gone already (deleted meanwhile, or by an earlier attempt): what was asked is done.
        if (!isNotFound(error)) throw error;
      }
    },
  };
}

async function updateProject(client: DssClient, projectKey: string, current: DssObject, attributes: JsonObject): Promise<void> {
  const patch: Record<string, JsonValue> = {};
  for (const [attribute, key] of Object.entries(PROJECT_METADATA)) {
    if (Object.hasOwn(attributes, attribute)) patch[key] = attributes[attribute] as JsonValue;
  }
  const { metadata, settings } = current.document;
  if (Object.keys(patch).length > 0) await client.setProjectMetadata(projectKey, mergeDeclared(isJsonObject(metadata) ? metadata : {}, patch));
  if (isJsonObject(attributes.settings)) {
    await client.setProjectSettings(projectKey, mergeDeclared(isJsonObject(settings) ? settings : {}, { settings: attributes.settings }));
  }
}

/** A recipe's payload as DSS stores it: code as it is, a visual recipe's settings as JSON text. */
function payloadText(payload: JsonValue): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

/** The declared `type` a dataset or recipe is created with. */
function typeOf(resourceId: string, attributes: JsonObject): string {
  if (typeof attributes.type !== 'string') throw new InvalidArgumentError(`${resourceId} cannot be created without a type`);
  return attributes.type;
}

function withoutKeys(attributes: JsonObject, keys: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !keys.includes(key)));
}
