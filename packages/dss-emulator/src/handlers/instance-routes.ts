import { notFound } from '../dss-error.js';
import { booleanParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import { json } from './replies.js';

/** The root project folder, the only one the emulator has: every project is in it. */
export const ROOT_FOLDER_ID = 'ROOT';

function getAuthInfo({ store, query }: RouteContext): RouteResult {
  booleanParam(query, 'withSecrets');
  return json({ authIdentifier: store.login, associatedDSSUser: store.login, groups: ['administrators'] });
}

function getInstanceInfo({ dssVersion }: RouteContext): RouteResult {
  return json({ nodeId: 'dss-emulator', nodeName: 'DSS emulator', nodeType: 'DESIGN', dssVersion });
}

function rootFolder({ store }: RouteContext): RouteResult {
  return json({ id: ROOT_FOLDER_ID, name: 'Root', owner: store.login, childrenIds: [], projectKeys: store.listProjectKeys() });
}

function getProjectFolder(context: RouteContext): RouteResult {
  const id = context.params.folderId as string;
  if (id !== ROOT_FOLDER_ID) throw notFound(`Project folder ${id} does not exist`);
  return rootFolder(context);
}

/** A long task's state; `peek` is accepted and changes nothing (every future is already finished). */
function getFuture({ store, params, query }: RouteContext): RouteResult {
  booleanParam(query, 'peek');
  return json(store.getFuture(params.jobId as string));
}

function abortFuture({ store, params }: RouteContext): RouteResult {
  store.abortFuture(params.jobId as string);
  return json({});
}

export const instanceRoutes: readonly RouteDefinition[] = [
  { pattern: '/auth/info', methods: { GET: getAuthInfo } },
  { pattern: '/instance-info', methods: { GET: getInstanceInfo } },
  { pattern: '/project-folders/', methods: { GET: rootFolder } },
  { pattern: '/project-folders/{folderId}', methods: { GET: getProjectFolder } },
  { pattern: '/futures/{jobId}', methods: { GET: getFuture, DELETE: abortFuture } },
];
