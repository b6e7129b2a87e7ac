import { illegalArgument } from '../dss-error.js';
import type { RecipeDocument } from '../instance.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import { checkedName } from '../store/dss-store.js';
import { recipeRefs } from '../store/recipe-refs.js';
import { CODE_RECIPE_TYPES, ensureOutputs, recipeFromPrototype } from '../writes/recipe-creation.js';
import { requireObject, requireString } from './body.js';
import { json, message } from './replies.js';

function listRecipes({ store, params }: RouteContext): RouteResult {
  // A list item is the recipe definition without its payload (contract §3.3).
  return json(store.listRecipes(params.projectKey as string).map((document) => document.recipe));
}

async function createRecipe({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const body = requireObject(await readJson(), 'recipe creation body');
  const prototype = requireObject(body.recipePrototype, 'recipePrototype');
  const settings = body.creationSettings ?? {};
  if (!isJsonObject(settings)) throw illegalArgument('Invalid creationSettings: expected a JSON object');
  const document = recipeFromPrototype(projectKey, prototype, settings);
  const name = checkedName(document.recipe.name, 'recipe');
  if (store.hasRecipe(projectKey, name)) throw illegalArgument(`Recipe ${projectKey}.${name} already exists`);
  const created = ensureOutputs(store, projectKey, document.recipe, settings);
  store.createRecipe(projectKey, document);
  for (const output of created) recordWrite('create', `${output.kind}.${output.projectKey}.${output.id}`);
  recordWrite('create', `recipe.${projectKey}.${name}`);
  return json({ name });
}

/** What the Python client's code generator reads to know DSS's defaults (contract §3.3). */
function getRecipeTemplates(): RouteResult {
  const payloadsByType: JsonObject = Object.fromEntries([...CODE_RECIPE_TYPES].map((type) => [type, '']));
  payloadsByType.grouping = JSON.stringify({ keys: [], values: [], globalCount: false });
  payloadsByType.shaker = JSON.stringify({ steps: [] });
  const paramsByType: JsonObject = Object.fromEntries(['python', 'r', 'pyspark', 'sparkr'].map((type) => [type, { envSelection: { envMode: 'INHERIT' } }]));
  return json({ payloadsByType, paramsByType });
}

function getRecipe({ store, params }: RouteContext): RouteResult {
  return json(store.getRecipe(params.projectKey as string, params.recipeName as string));
}

async function putRecipe({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.recipeName as string;
  store.getRecipe(projectKey, name);
  const body = requireObject(await readJson(), 'recipe document');
  const recipe = requireObject(body.recipe, 'recipe definition');
  const payload = body.payload ?? undefined;
  if (payload !== undefined && typeof payload !== 'string') throw illegalArgument('Invalid payload: expected a string');
  const document: RecipeDocument = payload === undefined ? { recipe } : { recipe, payload };
  store.putRecipe(projectKey, name, document);
  recordWrite('update', `recipe.${projectKey}.${name}`);
  return message(`Updated recipe ${projectKey}.${name}`);
}

function deleteRecipe({ store, params, recordWrite }: RouteContext): RouteResult {
  const projectKey = params.projectKey as string;
  const name = params.recipeName as string;
  store.deleteRecipe(projectKey, name);
  recordWrite('delete', `recipe.${projectKey}.${name}`);
  return message(`Deleted recipe ${projectKey}.${name}`);
}

function getRecipeMetadata({ store, params }: RouteContext): RouteResult {
  return json(store.getRecipeMetadata(params.projectKey as string, params.recipeName as string));
}

async function putRecipeMetadata({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.recipeName as string;
  store.getRecipe(projectKey, name);
  store.putRecipeMetadata(projectKey, name, requireObject(await readJson(), 'recipe metadata'));
  recordWrite('update', `recipe.${projectKey}.${name}`);
  return message(`Updated metadata ${projectKey}.${name}`);
}

/** The engine DSS would pick and the messages about it, in the shape `DSSRecipeStatus` reads (UNCONFIRMED). */
function getRecipeStatus({ store, params }: RouteContext): RouteResult {
  store.getRecipe(params.projectKey as string, params.recipeName as string);
  const engine = { type: 'DSS', label: 'DSS', recommended: true, statusWarnLevel: 'OK', isSelectable: true };
  return json({ selectedEngine: engine, engines: [engine], allMessagesForFrontend: { messages: [], anyMessage: false, success: false, warning: false, error: false, fatal: false } });
}

/** The emulator computes no schemas, so no output ever needs an update. */
function getSchemaUpdates({ store, params }: RouteContext): RouteResult {
  store.getRecipe(params.projectKey as string, params.recipeName as string);
  return json({ totalIncompatibilities: 0, computables: [] });
}

/** `RequiredSchemaUpdates.apply()`: sets the new schema of one of the recipe's output datasets. */
async function updateOutputSchema({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const name = params.recipeName as string;
  const { recipe } = store.getRecipe(projectKey, name);
  const body = requireObject(await readJson(), 'schema update');
  const dataset = requireString(body, 'computableId', 'schema update');
  if (body.computableType !== 'DATASET' || !recipeRefs(recipe, 'outputs').includes(dataset)) {
    throw illegalArgument(`${JSON.stringify(body.computableType ?? null)} ${dataset} is not an output dataset of recipe ${projectKey}.${name}`);
  }
  store.putDatasetSchema(projectKey, dataset, requireObject(body.newSchema, 'newSchema'));
  recordWrite('update', `dataset.${projectKey}.${dataset}`);
  return message(`Updated schema of dataset ${projectKey}.${dataset}`);
}

export const recipeRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/recipes/', methods: { GET: listRecipes, POST: createRecipe } },
  { pattern: '/projects/{projectKey}/recipes/templates', methods: { GET: getRecipeTemplates } },
  {
    pattern: '/projects/{projectKey}/recipes/{recipeName}',
    methods: { GET: getRecipe, PUT: putRecipe, DELETE: deleteRecipe },
  },
  { pattern: '/projects/{projectKey}/recipes/{recipeName}/metadata', methods: { GET: getRecipeMetadata, PUT: putRecipeMetadata } },
  { pattern: '/projects/{projectKey}/recipes/{recipeName}/status', methods: { GET: getRecipeStatus } },
  { pattern: '/projects/{projectKey}/recipes/{recipeName}/schema-update', methods: { GET: getSchemaUpdates } },
  { pattern: '/projects/{projectKey}/recipes/{recipeName}/actions/updateOutputSchema', methods: { POST: updateOutputSchema } },
];
