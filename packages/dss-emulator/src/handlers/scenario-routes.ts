import { illegalArgument } from '../dss-error.js';
import type { JsonObject } from '../json.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import { scenarioIdFor } from '../writes/scenario-id.js';
import { optionalString, requireObject, requireString } from './body.js';
import { json, message } from './replies.js';

/** The fields of `/light` that a PUT may change (contract §3.4). */
const LIGHT_WRITABLE = ['active', 'checklists', 'description', 'shortDesc', 'tags'] as const;

/** A scenario's status (`/light`, and the list items): the emulator never runs scenarios. */
function lightOf(scenario: JsonObject): JsonObject {
  const light: JsonObject = {
    projectKey: scenario.projectKey ?? null,
    id: scenario.id ?? null,
    name: scenario.name ?? null,
    type: scenario.type ?? null,
    active: scenario.active ?? false,
    running: false,
    tags: scenario.tags ?? [],
  };
  for (const field of ['description', 'shortDesc', 'checklists'] as const) {
    const value = scenario[field];
    if (value !== undefined) light[field] = value;
  }
  return light;
}

function listScenarios({ store, params }: RouteContext): RouteResult {
  return json(store.listScenarios(params.projectKey as string).map(lightOf));
}

/** `create_scenario(name, type, definition)`: the definition with `name` and `type` → `{id}`, the id derived from the name. */
async function createScenario({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const { creationTag: _creationTag, versionTag: _versionTag, ...body } = requireObject(await readJson(), 'scenario definition');
  const name = requireString(body, 'name', 'scenario definition');
  requireString(body, 'type', 'scenario definition');
  const id = scenarioIdFor(name);
  store.createScenario(projectKey, { scenario: { ...body, id } });
  recordWrite('create', `scenario.${projectKey}.${id}`);
  return json({ id });
}

function getScenario({ store, params }: RouteContext): RouteResult {
  return json(store.getScenario(params.projectKey as string, params.scenarioId as string));
}

async function putScenario({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const id = params.scenarioId as string;
  store.getScenario(projectKey, id);
  const settings = requireObject(await readJson(), 'scenario settings');
  if (typeof settings.type !== 'string') throw illegalArgument(`Missing type for scenario ${projectKey}.${id}`);
  store.putScenario(projectKey, id, settings);
  recordWrite('update', `scenario.${projectKey}.${id}`);
  return message(`Updated scenario ${projectKey}.${id}`);
}

function deleteScenario({ store, params, recordWrite }: RouteContext): RouteResult {
  const projectKey = params.projectKey as string;
  const id = params.scenarioId as string;
  store.deleteScenario(projectKey, id);
  recordWrite('delete', `scenario.${projectKey}.${id}`);
  return message(`Deleted scenario ${projectKey}.${id}`);
}

function getLight({ store, params }: RouteContext): RouteResult {
  return json(lightOf(store.getScenario(params.projectKey as string, params.scenarioId as string)));
}

/** Changes only the writable fields of the status; the rest of the body is ignored. */
async function putLight({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const id = params.scenarioId as string;
  const current = store.getScenario(projectKey, id);
  const body = requireObject(await readJson(), 'scenario status');
  const next = { ...current };
  for (const field of LIGHT_WRITABLE) {
    const value = body[field];
    if (value !== undefined) next[field] = value;
  }
  store.putScenario(projectKey, id, next);
  recordWrite('update', `scenario.${projectKey}.${id}`);
  return message(`Updated scenario ${projectKey}.${id}`);
}

function getPayload({ store, params }: RouteContext): RouteResult {
  return json({ script: store.getScenarioScript(params.projectKey as string, params.scenarioId as string) });
}

async function putPayload({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const id = params.scenarioId as string;
  store.getScenario(projectKey, id);
  const script = optionalString(requireObject(await readJson(), 'scenario payload'), 'script');
  if (script === undefined) throw illegalArgument(`Missing script for scenario ${projectKey}.${id}`);
  store.putScenarioScript(projectKey, id, script);
  recordWrite('update', `scenario.${projectKey}.${id}`);
  return message(`Updated scenario ${projectKey}.${id}`);
}

export const scenarioRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/scenarios/', methods: { GET: listScenarios, POST: createScenario } },
  { pattern: '/projects/{projectKey}/scenarios/{scenarioId}', methods: { GET: getScenario, PUT: putScenario, DELETE: deleteScenario } },
  { pattern: '/projects/{projectKey}/scenarios/{scenarioId}/light', methods: { GET: getLight, PUT: putLight } },
  { pattern: '/projects/{projectKey}/scenarios/{scenarioId}/payload', methods: { GET: getPayload, PUT: putPayload } },
];
