import { illegalArgument, notFound } from '../dss-error.js';
import { isJsonObject, type JsonObject, type JsonValue, stringArray } from '../json.js';
import { booleanParam, listParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import type { ProjectInfo } from '../store/dss-store.js';
import { optionalString, requireObject } from './body.js';
import { ROOT_FOLDER_ID } from './instance-routes.js';
import { json } from './replies.js';

/**
 * A project list item / summary: display fields read from metadata (decision 3), never the settings.
 * Field set per contract §3.1 (UNCONFIRMED beyond `projectKey`).
 */
function projectListItem(info: ProjectInfo): JsonObject {
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

/** DSS returns a project's tags sorted after a write (contract decision 10). */
export function withSortedTags(metadata: JsonObject): JsonObject {
  return Array.isArray(metadata.tags) ? { ...metadata, tags: [...stringArray(metadata.tags)].sort() } : metadata;
}

function listProjects({ store, query }: RouteContext): RouteResult {
  booleanParam(query, 'includeLocation');
  const tags = listParam(query, 'tags');
  const items = store
    .listProjectKeys()
    .map((key) => projectListItem(store.getProjectInfo(key)))
    .filter((item) => tags.length === 0 || stringArray(item.tags).some((tag) => tags.includes(tag)));
  return json(items);
}

async function createProject({ store, query, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const folder = query.get('projectFolderId');
  if (folder !== null && folder !== ROOT_FOLDER_ID) throw notFound(`Project folder ${folder} does not exist`);
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
  const metadata: JsonObject = withSortedTags({ label: name, tags, checklists: { checklists: [] }, custom: { kv: {} } });
  if (description !== undefined) metadata.description = description;
  store.createProject({
    projectKey,
    metadata,
    ...(owner === undefined ? {} : { owner }),
    ...(settings === undefined ? {} : { settings }),
  });
  recordWrite('create', `project.${projectKey}`);
  // DSS 15 answers a bare JSON string (contract decision 9); its content is UNCONFIRMED.
  return json(projectKey);
}

function getProjectSummary({ store, params }: RouteContext): RouteResult {
  return json(projectListItem(store.getProjectInfo(params.projectKey as string)));
}

const DELETE_FLAGS = ['clearManagedDatasets', 'clearOutputManagedFolders', 'clearJobAndScenarioLogs', 'dropData'];

/** A finished deletion: its future, in the shape `DSSFuture` reads (contract §3.1). */
const DELETION_RESULT: JsonObject = { messages: [], anyMessage: false, success: true, warning: false, error: false };

function deleteProject({ store, params, query, recordWrite }: RouteContext): RouteResult {
  for (const flag of DELETE_FLAGS) booleanParam(query, flag);
  const wait = booleanParam(query, 'wait') ?? true;
  const projectKey = params.projectKey as string;
  store.deleteProject(projectKey);
  recordWrite('delete', `project.${projectKey}`);
  if (wait) return json({ hasResult: true, result: DELETION_RESULT });
  // Without waiting, DSS hands back a future to poll at /futures/{jobId}; here it is already done.
  return json({ jobId: store.addFinishedFuture(DELETION_RESULT), hasResult: false, alive: true });
}

export const projectRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/', methods: { GET: listProjects, POST: createProject } },
  { pattern: '/projects/{projectKey}', methods: { GET: getProjectSummary, DELETE: deleteProject } },
];
