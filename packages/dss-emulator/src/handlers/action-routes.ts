import { illegalArgument } from '../dss-error.js';
import type { RouteContext, RouteDefinition, RouteHandler, RouteResult } from '../router.js';
import { requireObject, requireString } from './body.js';
import { message } from './replies.js';

// A rename counts as one update of the object under its new name.

/** `POST …/actions/rename{Dataset|Recipe}` with `{oldName, newName}`. */
function renameNamed(kind: 'dataset' | 'recipe'): RouteHandler {
  return async ({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> => {
    const projectKey = params.projectKey as string;
    const body = requireObject(await readJson(), 'rename body');
    const oldName = requireString(body, 'oldName', 'rename body');
    const newName = requireString(body, 'newName', 'rename body');
    if (kind === 'dataset') store.renameDataset(projectKey, oldName, newName);
    else store.renameRecipe(projectKey, oldName, newName);
    recordWrite('update', `${kind}.${projectKey}.${newName}`);
    return message(`Renamed ${kind} ${projectKey}.${oldName} to ${newName}`);
  };
}

/** A managed folder keeps its id: only its display name changes. */
async function renameManagedFolder({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const body = requireObject(await readJson(), 'rename body');
  const id = requireString(body, 'id', 'rename body');
  const newName = requireString(body, 'newName', 'rename body');
  if (newName.trim() === '') throw illegalArgument(`Invalid name for managed folder ${projectKey}.${id}: it is blank`);
  store.renameManagedFolder(projectKey, id, newName);
  recordWrite('update', `managedfolder.${projectKey}.${id}`);
  return message(`Renamed managed folder ${projectKey}.${id} to ${newName}`);
}

export const actionRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/actions/renameDataset', methods: { POST: renameNamed('dataset') } },
  { pattern: '/projects/{projectKey}/actions/renameRecipe', methods: { POST: renameNamed('recipe') } },
  { pattern: '/projects/{projectKey}/actions/renameManagedFolder', methods: { POST: renameManagedFolder } },
];
