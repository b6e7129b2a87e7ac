import { illegalArgument } from '../dss-error.js';
import { isJsonObject, type JsonObject, type JsonValue, stringArray } from '../json.js';
import { booleanParam, listParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import type { ProjectInfo } from '../store.js';
import { message, requireObject } from './body.js';

/**
 * A project list item / summary: display fields read from metadata (decision 3), never the settings.
 * Field set per contract §3.1 (UNCONFIRMED beyond `projectKey`).
 */
export function projectListItem(info: ProjectInfo): JsonObject {
  const item: JsonObject = { projectKey: info.projectKey };
  const { label, shortDesc } = info.metadata;
  if (typeof label === 'string') item.name = label;
  if (typeof shortDesc === 'string') item.shortDesc = shortDesc;
  item.tags = stringArray(info.metadata.tags);
  item.ownerLogin = info.owner;
  if (typeof info.settings.projectStatus === 'string') item.projectStatus = info.settings.projectStatus;
  item.creationTag = info.creationTag;
  item.versionTag = info.versionTag;
  return item;
}

function listProjects({ store, query }: RouteContext): RouteResult {
  booleanParam(query, 'includeLocation');
  const tags = listParam(query, 'tags');
  const items = store
    .listProjectKeys()
    .map((key) => projectListItem(store.getProjectInfo(key)))
    .filter((item) => tags.length === 0 || stringArray(item.tags).some((tag) => tags.includes(tag)));
  return { body: items };
}

function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw illegalArgument(`Invalid ${field}: expected a string`);
  return value;
}

async function createProject({ store, readJson }: RouteContext): Promise<RouteResult> {
  const body = requireObject(await readJson(), 'project creation body');
  const projectKey = optionalString(body, 'projectKey');
  if (projectKey === undefined) throw illegalArgument('Missing projectKey');
  const name = optionalString(body, 'name');
  if (name === undefined || name.trim() === '') throw illegalArgument(`Missing name for project ${projectKey}`);
  const description = optionalString(body, 'description');
  const owner = optionalString(body, 'owner');
  const tags: JsonValue = body.tags ?? [];
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    throw illegalArgument('Invalid tags: expected an array of strings');
  }
  const settings = body.settings ?? undefined;
  if (settings !== undefined && !isJsonObject(settings)) throw illegalArgument('Invalid settings: expected a JSON object');
  const metadata: JsonObject = { label: name, tags, checklists: { checklists: [] }, custom: { kv: {} } };
  if (description !== undefined) metadata.description = description;
  store.createProject({
    projectKey,
    metadata,
    ...(owner === undefined ? {} : { owner }),
    ...(settings === undefined ? {} : { settings }),
  });
  return message(`Created project ${projectKey}`);
}

function getProjectSummary({ store, params }: RouteContext): RouteResult {
  return { body: projectListItem(store.getProjectInfo(params.projectKey as string)) };
}

const DELETE_FLAGS = ['clearManagedDatasets', 'clearOutputManagedFolders', 'clearJobAndScenarioLogs', 'wait', 'dropData'];

function deleteProject({ store, params, query }: RouteContext): RouteResult {
  for (const flag of DELETE_FLAGS) booleanParam(query, flag);
  store.deleteProject(params.projectKey as string);
  // A finished future (contract §3.1): DSS answers synchronously when the deletion is quick.
  return { body: { hasResult: true, result: { messages: [], anyMessage: false } } };
}

function getMetadata({ store, params }: RouteContext): RouteResult {
  return { body: store.getProjectMetadata(params.projectKey as string) };
}

async function putMetadata({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  store.getProjectInfo(projectKey);
  store.putProjectMetadata(projectKey, requireObject(await readJson(), 'project metadata'));
  return message(`Updated metadata for project ${projectKey}`);
}

function getSettings({ store, params }: RouteContext): RouteResult {
  return { body: store.getProjectSettings(params.projectKey as string) };
}

async function putSettings({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  store.getProjectInfo(projectKey);
  store.putProjectSettings(projectKey, requireObject(await readJson(), 'project settings'));
  return message(`Updated settings for project ${projectKey}`);
}

function getVariables({ store, params }: RouteContext): RouteResult {
  return { body: store.getProjectVariables(params.projectKey as string) };
}

async function putVariables({ store, params, readJson }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  store.getProjectInfo(projectKey);
  const body = requireObject(await readJson(), 'project variables');
  const { standard, local } = body;
  if (!isJsonObject(standard) || !isJsonObject(local)) {
    throw illegalArgument(`Invalid variables for project ${projectKey}: 'standard' and 'local' objects are required`);
  }
  store.putProjectVariables(projectKey, { standard, local });
  return message(`Updated variables for project ${projectKey}`);
}

export const projectRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/', methods: { GET: listProjects, POST: createProject } },
  { pattern: '/projects/{projectKey}', methods: { GET: getProjectSummary, DELETE: deleteProject } },
  { pattern: '/projects/{projectKey}/metadata', methods: { GET: getMetadata, PUT: putMetadata } },
  { pattern: '/projects/{projectKey}/settings', methods: { GET: getSettings, PUT: putSettings } },
  { pattern: '/projects/{projectKey}/variables/', methods: { GET: getVariables, PUT: putVariables } },
];
