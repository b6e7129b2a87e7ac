import { illegalArgument, javaIllegalArgument } from '../dss-error.js';
import type { RecipeDocument } from '../instance.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { checkedName, type DssStore } from '../store/dss-store.js';
import { recipeRefs } from '../store/recipe-refs.js';
import { requireConnection } from './connections.js';
import { managedDatasetDefinition } from './dataset-creation.js';

/** Recipe types whose payload is code; created from `creationSettings.script` (contract §3.3). */
export const CODE_RECIPE_TYPES: ReadonlySet<string> = new Set([
  'python',
  'r',
  'sql_script',
  'sql_query',
  'pyspark',
  'sparkr',
  'spark_scala',
  'shell',
  'spark_sql_query',
]);

const CODE_ENV_RECIPE_TYPES: ReadonlySet<string> = new Set(['python', 'r', 'pyspark', 'sparkr']);

/** Roles with DSS's item defaults: inputs get `deps: []`, outputs `appendMode: false`. */
function normalizeRoles(roles: JsonValue | undefined, defaults: JsonObject): JsonObject {
  if (!isJsonObject(roles)) return {};
  const result: JsonObject = {};
  for (const [role, value] of Object.entries(roles)) {
    const items = isJsonObject(value) && Array.isArray(value.items) ? value.items : [];
    result[role] = { ...(isJsonObject(value) ? value : {}), items: items.map((item) => (isJsonObject(item) ? { ...defaults, ...item } : item)) };
  }
  return result;
}

function defaultPayload(type: string, settings: JsonObject): string | undefined {
  if (CODE_RECIPE_TYPES.has(type)) return '';
  if (type === 'grouping') {
    const keys = typeof settings.groupKey === 'string' ? [{ column: settings.groupKey }] : [];
    return JSON.stringify({ keys, values: [], globalCount: false });
  }
  if (type === 'shaker') return JSON.stringify({ steps: [] });
  return undefined;
}

/** The payload of a new recipe: the raw payload, the script, or DSS's default for the type. */
function creationPayload(type: string, settings: JsonObject): string | undefined {
  if (settings.rawCreation === true) return typeof settings.rawPayload === 'string' ? settings.rawPayload : undefined;
  if (typeof settings.script === 'string') return settings.script;
  return defaultPayload(type, settings);
}

/** `{recipePrototype, creationSettings}` → the recipe to store (not yet checked against the flow). */
export function recipeFromPrototype(projectKey: string, prototype: JsonObject, settings: JsonObject): RecipeDocument {
  const type = prototype.type;
  if (typeof type !== 'string' || type === '') throw illegalArgument('Missing recipe type in recipePrototype');
  const inputs = normalizeRoles(prototype.inputs, { deps: [] });
  const outputs = normalizeRoles(prototype.outputs, { appendMode: false });
  if (Array.isArray(settings.virtualInputs)) {
    const main = isJsonObject(inputs.main) && Array.isArray(inputs.main.items) ? inputs.main.items : [];
    const virtual = settings.virtualInputs.filter((ref) => typeof ref === 'string').map((ref) => ({ ref, deps: [] }));
    inputs.main = { items: [...main, ...virtual] };
  }
  const outputRef = recipeRefs({ outputs }, 'outputs')[0];
  const name = prototype.name ?? (outputRef === undefined ? undefined : `compute_${outputRef.split('.').pop() ?? outputRef}`);
  if (typeof name !== 'string') throw illegalArgument('Missing recipe name and no output to derive it from');

  // Version tags belong to the server.
  const { creationTag: _creationTag, versionTag: _versionTag, ...rest } = prototype;
  const recipe: JsonObject = { ...rest, projectKey, name, type, inputs, outputs };
  if (prototype.params === undefined && CODE_ENV_RECIPE_TYPES.has(type)) {
    recipe.params = { envSelection: { envMode: 'INHERIT' } };
  }
  const payload = creationPayload(type, settings);
  return payload === undefined ? { recipe } : { recipe, payload };
}

/** A ref's project and object: `name` lives in `projectKey`, `OTHER.name` in OTHER. */
function splitRef(projectKey: string, ref: string): [string, string] {
  const dot = ref.indexOf('.');
  return dot < 0 ? [projectKey, ref] : [ref.slice(0, dot), ref.slice(dot + 1)];
}

export interface CreatedOutput {
  readonly kind: 'dataset' | 'managedfolder';
  readonly projectKey: string;
  readonly id: string;
}

/**
 * Makes sure every output of a new recipe exists, as DSS does before creating it: a missing output
 * is created when `createOutputDataset` (a managed dataset on `outputDatasetSettings.connectionId`)
 * or `createOutputFolder` (a managed folder whose id is the ref) is true, and is otherwise refused
 * with `IllegalArgumentException: Need to create output dataset or folder, but creationInfo params
 * are suppressing it` (contract decision 10). Raw creation checks nothing. Inputs are not checked.
 * Returns what was created.
 */
export function ensureOutputs(store: DssStore, projectKey: string, recipe: JsonObject, settings: JsonObject): CreatedOutput[] {
  if (settings.rawCreation === true) return [];
  const missing = recipeRefs(recipe, 'outputs')
    .map((ref) => splitRef(projectKey, ref))
    .filter(([key, id]) => !store.hasDataset(key, id) && !store.hasManagedFolder(key, id));
  if (missing.length === 0) return [];
  const createDataset = settings.createOutputDataset === true;
  const createFolder = !createDataset && settings.createOutputFolder === true;
  if (!createDataset && !createFolder) {
    throw javaIllegalArgument('Need to create output dataset or folder, but creationInfo params are suppressing it');
  }
  // Every output is built (and checked) before any is created, so a refusal changes nothing.
  const outputs = missing.map(([key, id]): CreatedOutput & { definition: JsonObject } => {
    store.getProjectInfo(key);
    if (createDataset) {
      const datasetSettings = isJsonObject(settings.outputDatasetSettings) ? settings.outputDatasetSettings : {};
      return { kind: 'dataset', projectKey: key, id: checkedName(id, 'dataset'), definition: managedDatasetDefinition(store, key, id, datasetSettings) };
    }
    const folderSettings = isJsonObject(settings.outputFolderSettings) ? settings.outputFolderSettings : {};
    const connection = typeof folderSettings.connectionId === 'string' ? folderSettings.connectionId : 'filesystem_folders';
    requireConnection(store, connection);
    return { kind: 'managedfolder', projectKey: key, id, definition: newFolderDefinition(key, id, id, connection) };
  });
  for (const output of outputs) {
    if (output.kind === 'dataset') store.createDataset(output.projectKey, output.definition);
    else store.createManagedFolder(output.projectKey, output.definition);
  }
  return outputs.map(({ kind, projectKey: key, id }) => ({ kind, projectKey: key, id }));
}

/** A managed folder as DSS creates it (contract §3.5; the defaults beyond `params` are UNCONFIRMED). */
export function newFolderDefinition(projectKey: string, id: string, name: string, connection: string, params: JsonObject = {}): JsonObject {
  return {
    projectKey,
    id,
    name,
    type: 'Filesystem',
    params: { path: '${projectKey}/${odbId}', notReadyIfEmpty: false, filesSelectionRules: { mode: 'ALL', includeRules: [], excludeRules: [], explicitFiles: [] }, ...params, connection },
    partitioning: { ignoreNonMatchingFile: false, considerMissingRequestedPartitionsAsEmpty: false, dimensions: [] },
    flowOptions: { virtualizable: false, rebuildBehavior: 'NORMAL', crossProjectBuildBehavior: 'DEFAULT' },
    metrics: {},
    checklists: { checklists: [] },
    tags: [],
    customMeta: { kv: {} },
  };
}
