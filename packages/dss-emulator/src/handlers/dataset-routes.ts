import { isJsonObject, type JsonObject, stringArray } from '../json.js';
import { booleanParam, listParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import type { DssStore } from '../store.js';
import { message, requireObject } from './body.js';

/**
 * A dataset list item: enough to enumerate, deliberately not the full definition (decision 2), so a
 * client that treats list items as definitions fails against the emulator.
 */
export function datasetListItem(definition: JsonObject): JsonObject {
  const item: JsonObject = {
    projectKey: definition.projectKey ?? null,
    name: definition.name ?? null,
    type: definition.type ?? null,
  };
  if (typeof definition.managed === 'boolean') item.managed = definition.managed;
  item.tags = stringArray(definition.tags);
  const params = definition.params;
  if (isJsonObject(params) && typeof params.connection === 'string') item.params = { connection: params.connection };
  return item;
}

/** Datasets of other projects exposed to `projectKey` through their `exposedObjects` settings. */
function foreignDatasets(store: DssStore, projectKey: string): JsonObject[] {
  const result: JsonObject[] = [];
  for (const sourceKey of store.listProjectKeys()) {
    if (sourceKey === projectKey) continue;
    const exposed = store.getProjectSettings(sourceKey).exposedObjects;
    const objects = isJsonObject(exposed) && Array.isArray(exposed.objects) ? exposed.objects : [];
    for (const object of objects) {
      if (!isJsonObject(object) || object.type !== 'DATASET' || typeof object.localName !== 'string') continue;
      const rules = Array.isArray(object.rules) ? object.rules : [];
      const shared = rules.some((rule) => isJsonObject(rule) && rule.targetProject === projectKey);
      if (shared && store.hasDataset(sourceKey, object.localName)) {
        result.push(store.getDataset(sourceKey, object.localName));
      }
    }
  }
  return result;
}

function listDatasets({ store, params, query }: RouteContext): RouteResult {
  const projectKey = params.projectKey as string;
  const foreign = booleanParam(query, 'foreign') ?? false;
  const tags = listParam(query, 'tags');
  const definitions = store.listDatasets(projectKey);
  if (foreign) definitions.push(...foreignDatasets(store, projectKey));
  const items = definitions
    .filter((definition) => tags.length === 0 || stringArray(definition.tags).some((tag) => tags.includes(tag)))
    .map(datasetListItem);
  return { body: items };
}

async function createDataset({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  store.getProjectInfo(projectKey);
  // Version tags belong to the server: a new dataset starts at version 0 whatever the body says.
  const { creationTag: _creationTag, versionTag: _versionTag, ...definition } = requireObject(await readJson(), 'dataset definition');
  store.createDataset(projectKey, definition);
  return message(`Created dataset ${projectKey}.${definition.name as string}`);
}

function getDataset({ store, params }: RouteContext): RouteResult {
  return { body: store.getDataset(params.projectKey as string, params.datasetName as string) };
}

async function putDataset({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.getDataset(projectKey, name);
  store.putDataset(projectKey, name, requireObject(await readJson(), 'dataset definition'));
  return message(`Updated dataset ${projectKey}.${name}`);
}

function deleteDataset({ store, params, query }: RouteContext): RouteResult {
  booleanParam(query, 'dropData');
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.deleteDataset(projectKey, name);
  return message(`Deleted dataset ${projectKey}.${name}`);
}

function getDatasetMetadata({ store, params }: RouteContext): RouteResult {
  return { body: store.getDatasetMetadata(params.projectKey as string, params.datasetName as string) };
}

async function putDatasetMetadata({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.getDataset(projectKey, name);
  store.putDatasetMetadata(projectKey, name, requireObject(await readJson(), 'dataset metadata'));
  return message(`updated metadata for ${projectKey}.${name}`);
}

export const datasetRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/datasets/', methods: { GET: listDatasets, POST: createDataset } },
  {
    pattern: '/projects/{projectKey}/datasets/{datasetName}',
    methods: { GET: getDataset, PUT: putDataset, DELETE: deleteDataset },
  },
  {
    pattern: '/projects/{projectKey}/datasets/{datasetName}/metadata',
    methods: { GET: getDatasetMetadata, PUT: putDatasetMetadata },
  },
];
