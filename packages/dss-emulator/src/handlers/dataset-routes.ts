import { illegalArgument } from '../dss-error.js';
import { isJsonObject, type JsonObject, stringArray } from '../json.js';
import { booleanParam, listParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import type { DssStore } from '../store/dss-store.js';
import { requireConnection } from '../writes/connections.js';
import {
  csvFormatDefaults,
  datasetObjectDefaults,
  fsParamsDefaults,
  managedDatasetDefinition,
  sqlParamsDefaults,
  withCreationDefaults,
} from '../writes/dataset-creation.js';
import { requireObject, requireString } from './body.js';
import { json, message } from './replies.js';

/**
 * The fields of a dataset list item: those of the developer guide's printout of `list_datasets()`
 * (contract §3.2). The definition without bookkeeping, metrics and texts.
 */
const LIST_ITEM_FIELDS = [
  'checklists',
  'customMeta',
  'flowOptions',
  'formatParams',
  'formatType',
  'managed',
  'name',
  'params',
  'partitioning',
  'projectKey',
  'schema',
  'tags',
  'type',
] as const;

function datasetListItem(definition: JsonObject): JsonObject {
  const item: JsonObject = {};
  for (const field of LIST_ITEM_FIELDS) {
    const value = definition[field];
    if (value !== undefined) item[field] = value;
  }
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
  return json(items);
}

async function createDataset({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  // Version tags belong to the server: a new dataset starts at version 0 whatever the body says.
  const { creationTag: _creationTag, versionTag: _versionTag, ...definition } = requireObject(await readJson(), 'dataset definition');
  const connection = isJsonObject(definition.params) ? definition.params.connection : undefined;
  if (typeof connection === 'string') requireConnection(store, connection);
  store.createDataset(projectKey, withCreationDefaults(definition));
  const name = definition.name as string;
  recordWrite('create', `dataset.${projectKey}.${name}`);
  return message(`Created dataset ${projectKey}.${name}`);
}

async function createManagedDataset({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const body = requireObject(await readJson(), 'managed dataset creation body');
  const name = requireString(body, 'name', 'managed dataset creation body');
  const settings = body.creationSettings ?? {};
  if (!isJsonObject(settings)) throw illegalArgument('Invalid creationSettings: expected a JSON object');
  store.createDataset(projectKey, managedDatasetDefinition(store, projectKey, name, settings));
  recordWrite('create', `dataset.${projectKey}.${name}`);
  return message(`Created dataset ${projectKey}.${name}`);
}

/** What the Python client's code generator reads to know DSS's defaults (contract §3.3). */
function getDatasetTemplates(): RouteResult {
  return json({
    dataset: { managed: false, featureGroup: false, params: {}, tags: [], ...datasetObjectDefaults(), customMeta: { kv: {} }, checklists: { checklists: [] } },
    abstractFSConfig: fsParamsDefaults(),
    abstractSQLConfig: sqlParamsDefaults(),
    csvFormat: csvFormatDefaults(),
  });
}

function getDataset({ store, params }: RouteContext): RouteResult {
  return json(store.getDataset(params.projectKey as string, params.datasetName as string));
}

/** Whole-document PUT. DSS refuses a body without its identity (contract decision 10); the stored identity wins. */
async function putDataset({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.getDataset(projectKey, name);
  const definition = requireObject(await readJson(), 'dataset definition');
  for (const field of ['projectKey', 'name']) {
    if (typeof definition[field] !== 'string') throw illegalArgument(`Invalid dataset definition for ${projectKey}.${name}: ${field} is missing`);
  }
  store.putDataset(projectKey, name, definition);
  recordWrite('update', `dataset.${projectKey}.${name}`);
  return message(`Updated dataset ${projectKey}.${name}`);
}

function deleteDataset({ store, params, query, recordWrite }: RouteContext): RouteResult {
  booleanParam(query, 'dropData');
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.deleteDataset(projectKey, name);
  recordWrite('delete', `dataset.${projectKey}.${name}`);
  return message(`Deleted dataset ${projectKey}.${name}`);
}

function getDatasetMetadata({ store, params }: RouteContext): RouteResult {
  return json(store.getDatasetMetadata(params.projectKey as string, params.datasetName as string));
}

async function putDatasetMetadata({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.getDataset(projectKey, name);
  store.putDatasetMetadata(projectKey, name, requireObject(await readJson(), 'dataset metadata'));
  recordWrite('update', `dataset.${projectKey}.${name}`);
  return message(`updated metadata for ${projectKey}.${name}`);
}

function getDatasetSchema({ store, params }: RouteContext): RouteResult {
  return json(store.getDatasetSchema(params.projectKey as string, params.datasetName as string));
}

async function putDatasetSchema({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.datasetName as string;
  store.getDataset(projectKey, name);
  const schema = requireObject(await readJson(), 'dataset schema');
  if (!Array.isArray(schema.columns)) throw illegalArgument(`Invalid schema for dataset ${projectKey}.${name}: 'columns' must be an array`);
  store.putDatasetSchema(projectKey, name, schema);
  recordWrite('update', `dataset.${projectKey}.${name}`);
  return message(`Updated schema of dataset ${projectKey}.${name}`);
}

export const datasetRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/datasets/', methods: { GET: listDatasets, POST: createDataset } },
  { pattern: '/projects/{projectKey}/datasets/managed', methods: { POST: createManagedDataset } },
  { pattern: '/projects/{projectKey}/datasets/templates', methods: { GET: getDatasetTemplates } },
  {
    pattern: '/projects/{projectKey}/datasets/{datasetName}',
    methods: { GET: getDataset, PUT: putDataset, DELETE: deleteDataset },
  },
  {
    pattern: '/projects/{projectKey}/datasets/{datasetName}/metadata',
    methods: { GET: getDatasetMetadata, PUT: putDatasetMetadata },
  },
  {
    pattern: '/projects/{projectKey}/datasets/{datasetName}/schema',
    methods: { GET: getDatasetSchema, PUT: putDatasetSchema },
  },
];
