import { illegalArgument } from '../dss-error.js';
import type { RecipeDocument } from '../instance.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import { requireObject, message } from './body.js';

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

/** A recipe list item: identity, tags and roles, never params or payload (decision 2). */
export function recipeListItem(recipe: JsonObject): JsonObject {
  return {
    projectKey: recipe.projectKey ?? null,
    name: recipe.name ?? null,
    type: recipe.type ?? null,
    tags: recipe.tags ?? [],
    inputs: recipe.inputs ?? {},
    outputs: recipe.outputs ?? {},
  };
}

function listRecipes({ store, params }: RouteContext): RouteResult {
  return { body: store.listRecipes(params.projectKey as string).map((document) => recipeListItem(document.recipe)) };
}

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

function firstRef(roles: JsonObject): string | undefined {
  for (const value of Object.values(roles)) {
    const items = isJsonObject(value) && Array.isArray(value.items) ? value.items : [];
    for (const item of items) {
      if (isJsonObject(item) && typeof item.ref === 'string') return item.ref;
    }
  }
  return undefined;
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

async function createRecipe({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  store.getProjectInfo(projectKey);
  const body = requireObject(await readJson(), 'recipe creation body');
  const prototype = requireObject(body.recipePrototype, 'recipePrototype');
  const settings = body.creationSettings ?? {};
  if (!isJsonObject(settings)) throw illegalArgument('Invalid creationSettings: expected a JSON object');
  const type = prototype.type;
  if (typeof type !== 'string' || type === '') throw illegalArgument('Missing recipe type in recipePrototype');

  const inputs = normalizeRoles(prototype.inputs, { deps: [] });
  const outputs = normalizeRoles(prototype.outputs, { appendMode: false });
  if (Array.isArray(settings.virtualInputs)) {
    const main = isJsonObject(inputs.main) && Array.isArray(inputs.main.items) ? inputs.main.items : [];
    const virtual = settings.virtualInputs.filter((ref) => typeof ref === 'string').map((ref) => ({ ref, deps: [] }));
    inputs.main = { items: [...main, ...virtual] };
  }
  const outputRef = firstRef(outputs);
  const name = prototype.name ?? (outputRef === undefined ? undefined : `compute_${outputRef.split('.').pop() ?? outputRef}`);
  if (typeof name !== 'string') throw illegalArgument('Missing recipe name and no output to derive it from');

  const { creationTag: _creationTag, versionTag: _versionTag, ...rest } = prototype;
  const recipe: JsonObject = { ...rest, projectKey, name, type, inputs, outputs };
  if (prototype.params === undefined && CODE_ENV_RECIPE_TYPES.has(type)) {
    recipe.params = { envSelection: { envMode: 'INHERIT' } };
  }
  const payload = creationPayload(type, settings);
  store.createRecipe(projectKey, payload === undefined ? { recipe } : { recipe, payload });
  return { body: { name } };
}

function getRecipe({ store, params }: RouteContext): RouteResult {
  return { body: store.getRecipe(params.projectKey as string, params.recipeName as string) };
}

async function putRecipe({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.recipeName as string;
  store.getRecipe(projectKey, name);
  const body = requireObject(await readJson(), 'recipe document');
  const recipe = requireObject(body.recipe, 'recipe definition');
  const payload = body.payload ?? undefined;
  if (payload !== undefined && typeof payload !== 'string') throw illegalArgument('Invalid payload: expected a string');
  const document: RecipeDocument = payload === undefined ? { recipe } : { recipe, payload };
  store.putRecipe(projectKey, name, document);
  return message(`Updated recipe ${projectKey}.${name}`);
}

function deleteRecipe({ store, params }: RouteContext): RouteResult {
  const projectKey = params.projectKey as string;
  const name = params.recipeName as string;
  store.deleteRecipe(projectKey, name);
  return message(`Deleted recipe ${projectKey}.${name}`);
}

export const recipeRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/recipes/', methods: { GET: listRecipes, POST: createRecipe } },
  {
    pattern: '/projects/{projectKey}/recipes/{recipeName}',
    methods: { GET: getRecipe, PUT: putRecipe, DELETE: deleteRecipe },
  },
];
