import { illegalArgument } from '../dss-error.js';
import { isJsonObject } from '../json.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';
import { requireConnection } from '../writes/connections.js';
import { newFolderDefinition } from '../writes/recipe-creation.js';
import { optionalString, requireObject } from './body.js';
import { bytes, json, message } from './replies.js';

function listManagedFolders({ store, params }: RouteContext): RouteResult {
  return json(store.listManagedFolders(params.projectKey as string));
}

/**
 * `create_managed_folder`: `{name, type?, params: {connection, path?}}` → `{id}`, an id DSS makes up.
 * The name must not be blank nor taken; the connection must exist (`filesystem_folders` by default).
 */
async function createManagedFolder({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const body = requireObject(await readJson(), 'managed folder definition');
  const name = optionalString(body, 'name');
  if (name === undefined || name.trim() === '') throw illegalArgument(`Missing name for a managed folder of project ${projectKey}`);
  if (store.listManagedFolders(projectKey).some((folder) => folder.name === name)) {
    throw illegalArgument(`Managed folder ${name} already exists in project ${projectKey}`);
  }
  const folderParams = isJsonObject(body.params) ? body.params : {};
  const connection = typeof folderParams.connection === 'string' ? folderParams.connection : 'filesystem_folders';
  requireConnection(store, connection);
  const id = store.newManagedFolderId(projectKey);
  const definition = newFolderDefinition(projectKey, id, name, connection, folderParams);
  if (typeof body.type === 'string') definition.type = body.type;
  store.createManagedFolder(projectKey, definition);
  recordWrite('create', `managedfolder.${projectKey}.${id}`);
  return json({ id });
}

function getManagedFolder({ store, params }: RouteContext): RouteResult {
  return json(store.getManagedFolder(params.projectKey as string, params.folderId as string));
}

async function putManagedFolder({ store, params, readJson, recordWrite }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const id = params.folderId as string;
  store.getManagedFolder(projectKey, id);
  store.putManagedFolder(projectKey, id, requireObject(await readJson(), 'managed folder definition'));
  recordWrite('update', `managedfolder.${projectKey}.${id}`);
  return message(`Updated managed folder ${projectKey}.${id}`);
}

function deleteManagedFolder({ store, params, recordWrite }: RouteContext): RouteResult {
  const projectKey = params.projectKey as string;
  const id = params.folderId as string;
  store.deleteManagedFolder(projectKey, id);
  recordWrite('delete', `managedfolder.${projectKey}.${id}`);
  return message(`Deleted managed folder ${projectKey}.${id}`);
}

// Folder contents are files, not settings: their writes are not counted.

/** Paths are listed and stored from the folder root, with a leading `/`. */
function filePath(params: Readonly<Record<string, string>>): string {
  const path = params.path as string;
  return path.startsWith('/') ? path : `/${path}`;
}

function listContents({ store, params }: RouteContext): RouteResult {
  return json({ items: store.listFolderFiles(params.projectKey as string, params.folderId as string) });
}

function getFile({ store, params }: RouteContext): RouteResult {
  return bytes(store.getFolderFile(params.projectKey as string, params.folderId as string, filePath(params)), 'application/octet-stream');
}

function deleteFile({ store, params }: RouteContext): RouteResult {
  const path = filePath(params);
  store.deleteFolderFile(params.projectKey as string, params.folderId as string, path);
  return message(`Deleted ${path}`);
}

/** `put_file`: a multipart upload whose `file` field is the content. */
async function uploadFile({ store, params, request }: RouteContext): Promise<RouteResult> {
  const projectKey = params.projectKey as string;
  const id = params.folderId as string;
  store.getManagedFolder(projectKey, id);
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) throw illegalArgument('Expected a multipart/form-data upload with a "file" field');
  let form: FormData;
  try {
    // Fetch's multipart parser is slow on large bodies (hence the deprecation); test uploads are small.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    form = await new Response(await request.arrayBuffer(), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw illegalArgument('Malformed multipart/form-data upload');
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw illegalArgument('Expected a multipart/form-data upload with a "file" field');
  const path = filePath(params);
  store.putFolderFile(projectKey, id, path, new Uint8Array(await file.arrayBuffer()));
  return message(`Uploaded ${path}`);
}

export const managedFolderRoutes: readonly RouteDefinition[] = [
  { pattern: '/projects/{projectKey}/managedfolders/', methods: { GET: listManagedFolders, POST: createManagedFolder } },
  {
    pattern: '/projects/{projectKey}/managedfolders/{folderId}',
    methods: { GET: getManagedFolder, PUT: putManagedFolder, DELETE: deleteManagedFolder },
  },
  { pattern: '/projects/{projectKey}/managedfolders/{folderId}/contents', methods: { GET: listContents } },
  { pattern: '/projects/{projectKey}/managedfolders/{folderId}/contents/{path+}', methods: { GET: getFile, DELETE: deleteFile, POST: uploadFile } },
];
