import { illegalArgument } from '../dss-error.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { booleanParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteHandler, RouteResult } from '../router.js';
import type { DssStore } from '../store/dss-store.js';
import { requireObject } from './body.js';
import { withSortedTags } from './project-routes.js';
import { empty, json } from './replies.js';

interface ProjectDocument {
  /** How error messages name it (`project metadata`). */
  readonly what: string;
  readonly get: (store: DssStore, projectKey: string) => JsonObject;
  /** Saves the (already checked) body. */
  readonly put: (store: DssStore, projectKey: string, body: JsonObject) => void;
}

/** GET and whole-document PUT of one project-level document; a PUT answers 200 with an empty body (decision 9). */
function documentRoutes(document: ProjectDocument): Record<'GET' | 'PUT', RouteHandler> {
  return {
    GET: ({ store, params }: RouteContext): RouteResult => json(document.get(store, params.projectKey as string)),
    PUT: async ({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> => {
      const projectKey = params.projectKey as string;
      document.put(store, projectKey, requireObject(await readJson(), document.what));
      recordWrite('update', `project.${projectKey}`);
      return empty();
    },
  };
}

const metadata = documentRoutes({
  what: 'project metadata',
  get: (store, key) => store.getProjectMetadata(key),
  // DSS returns a project's tags sorted once written (contract decision 10).
  put: (store, key, body) => {
    store.putProjectMetadata(key, withSortedTags(body));
  },
});

const settings = documentRoutes({
  what: 'project settings',
  get: (store, key) => store.getProjectSettings(key),
  put: (store, key, body) => {
    store.putProjectSettings(key, body);
  },
});

const variables = documentRoutes({
  what: 'project variables',
  get: (store, key) => store.getProjectVariables(key) as unknown as JsonObject,
  put: (store, key, body) => {
    const { standard, local } = body;
    if (!isJsonObject(standard) || !isJsonObject(local)) {
      throw illegalArgument(`Invalid variables for project ${key}: 'standard' and 'local' objects are required`);
    }
    store.putProjectVariables(key, { standard, local });
  },
});

const permissions = documentRoutes({
  what: 'project permissions',
  get: (store, key) => store.getProjectPermissions(key),
  put: (store, key, body) => {
    store.putProjectPermissions(key, body);
  },
});

const tagDefinitions = documentRoutes({
  what: 'project tags',
  get: (store, key) => store.getTagDefinitions(key),
  put: (store, key, body) => {
    store.putTagDefinitions(key, body);
  },
});

function asText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The project's variables merged flat, local over standard (the emulator has no instance
 * variables). Without `typed=true` the values are strings, as the Python client's default asks.
 */
function getResolvedVariables({ store, params, query }: RouteContext): RouteResult {
  const typed = booleanParam(query, 'typed') ?? false;
  const { standard, local } = store.getProjectVariables(params.projectKey as string);
  const merged: JsonObject = { ...standard, ...local };
  return json(typed ? merged : Object.fromEntries(Object.entries(merged).map(([name, value]) => [name, asText(value)])));
}

export const projectDocumentRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/metadata', methods: metadata },
  { pattern: '/projects/{projectKey}/settings', methods: settings },
  { pattern: '/projects/{projectKey}/variables/', methods: variables },
  { pattern: '/projects/{projectKey}/variables-resolved', methods: { GET: getResolvedVariables } },
  { pattern: '/projects/{projectKey}/permissions', methods: permissions },
  { pattern: '/projects/{projectKey}/tags', methods: tagDefinitions },
];
