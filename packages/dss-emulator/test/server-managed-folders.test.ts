import { describe, expect, it } from 'vitest';
import { AUTH, envelope, JAVA_ILLEGAL_ARGUMENT, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

type Item = Record<string, unknown>;
const FOLDERS = '/projects/CUSTOMER_ANALYTICS/managedfolders';

/** The body `DSSProject.create_managed_folder(name)` sends. */
function creation(name: string, connection = 'filesystem_folders'): Item {
  return { name, projectKey: 'CUSTOMER_ANALYTICS', type: null, params: { connection, path: '/${projectKey}/${odbId}' } };
}

async function createFolder(name = 'models'): Promise<string> {
  return ((await call('POST', `${FOLDERS}/`, { body: creation(name) })).json as { id: string }).id;
}

async function upload(id: string, path: string, content: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([content]), 'upload.bin');
  return fetch(`${test.server.url}/public/api${FOLDERS}/${id}/contents/${path}`, { method: 'POST', headers: { Authorization: AUTH }, body: form });
}

describe('managed folders', () => {
  it('creates a folder with a generated 8-character id and lists it', async () => {
    const created = await call('POST', `${FOLDERS}/`, { body: creation('models') });
    const { id } = created.json as { id: string };
    expect(id).toMatch(/^[A-Za-z0-9]{8}$/);
    const folder = (await call('GET', `${FOLDERS}/${id}`)).json as Item;
    expect(folder).toMatchObject({ projectKey: 'CUSTOMER_ANALYTICS', id, name: 'models', type: 'Filesystem', tags: [] });
    expect(folder.params).toMatchObject({ connection: 'filesystem_folders', path: '/${projectKey}/${odbId}', notReadyIfEmpty: false });
    expect((await call('GET', `${FOLDERS}/`)).json).toEqual([folder]);
    expect(test.emulator.stats.writes(`managedfolder.CUSTOMER_ANALYTICS.${id}`).creates).toBe(1);
  });

  it.each([
    ['an unknown connection', creation('x', 'nope'), JAVA_ILLEGAL_ARGUMENT, "Connection 'nope' does not exist"],
    ['a blank name', creation('  '), 'com.dataiku.dip.exceptions.DSSIllegalArgumentException', 'Missing name for a managed folder of project CUSTOMER_ANALYTICS'],
  ])('refuses %s', async (_label, body, errorType, message) => {
    const response = await call('POST', `${FOLDERS}/`, { body });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ errorType, message, detailedMessage: message });
    expect((await call('GET', `${FOLDERS}/`)).json).toEqual([]);
  });

  it('refuses a second folder of the same name', async () => {
    await createFolder('models');
    const response = await call('POST', `${FOLDERS}/`, { body: creation('models') });
    expect(response.status).toBe(400);
    expect(envelope(response).message).toBe('Managed folder models already exists in project CUSTOMER_ANALYTICS');
  });

  it('keeps the type and connection asked for, with the default connection when none is given', async () => {
    const { id } = (await call('POST', `${FOLDERS}/`, { body: { name: 'raw', type: 'S3', params: {} } })).json as { id: string };
    expect((await call('GET', `${FOLDERS}/${id}`)).json).toMatchObject({ type: 'S3', params: { connection: 'filesystem_folders' } });
  });

  it('replaces the settings whole, keeping the id, and renames by id', async () => {
    const id = await createFolder();
    const folder = (await call('GET', `${FOLDERS}/${id}`)).json as Item;
    const put = await call('PUT', `${FOLDERS}/${id}`, { body: { ...folder, id: 'other', tags: ['ml'] } });
    expect(put.json).toEqual({ msg: `Updated managed folder CUSTOMER_ANALYTICS.${id}` });
    expect((await call('GET', `${FOLDERS}/${id}`)).json).toMatchObject({ id, tags: ['ml'], versionTag: { versionNumber: 1 } });

    const renamed = await call('POST', '/projects/CUSTOMER_ANALYTICS/actions/renameManagedFolder', { body: { id, newName: 'models v2' } });
    expect(renamed.json).toEqual({ msg: `Renamed managed folder CUSTOMER_ANALYTICS.${id} to models v2` });
    expect((await call('GET', `${FOLDERS}/${id}`)).json).toMatchObject({ id, name: 'models v2' });
    const blank = await call('POST', '/projects/CUSTOMER_ANALYTICS/actions/renameManagedFolder', { body: { id, newName: ' ' } });
    expect(blank.status).toBe(400);
    expect(envelope(blank).message).toBe(`Invalid name for managed folder CUSTOMER_ANALYTICS.${id}: it is blank`);
    expect(test.emulator.stats.writes(`managedfolder.CUSTOMER_ANALYTICS.${id}`)).toEqual({ creates: 1, updates: 2, deletes: 0 });
  });

  it('uploads, lists, downloads and deletes files, paths kept with their slashes', async () => {
    const id = await createFolder();
    expect((await call('GET', `${FOLDERS}/${id}/contents`)).json).toEqual({ items: [] });
    const uploaded = await upload(id, 'models/v1%20final.bin', 'héllo');
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toEqual({ msg: 'Uploaded /models/v1 final.bin' });
    expect((await call('GET', `${FOLDERS}/${id}/contents/`)).json).toEqual({ items: [{ path: '/models/v1 final.bin', size: 6, lastModified: expect.any(Number) as unknown }] });

    const download = await fetch(`${test.server.url}/public/api${FOLDERS}/${id}/contents/models/v1%20final.bin`, { headers: { Authorization: AUTH } });
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(await download.text()).toBe('héllo');

    expect((await call('DELETE', `${FOLDERS}/${id}/contents/models/v1%20final.bin`)).json).toEqual({ msg: 'Deleted /models/v1 final.bin' });
    const gone = await call('GET', `${FOLDERS}/${id}/contents/models/v1%20final.bin`);
    expect(gone.status).toBe(404);
    expect(envelope(gone).message).toBe(`File /models/v1 final.bin does not exist in managed folder CUSTOMER_ANALYTICS.${id}`);
  });

  it('refuses an upload that is not multipart with a file', async () => {
    const id = await createFolder();
    expect(envelope(await call('POST', `${FOLDERS}/${id}/contents/a.txt`, { body: { file: 'x' } })).message).toBe('Expected a multipart/form-data upload with a "file" field');
    const form = new FormData();
    form.append('other', 'x');
    const noFile = await fetch(`${test.server.url}/public/api${FOLDERS}/${id}/contents/a.txt`, { method: 'POST', headers: { Authorization: AUTH }, body: form });
    expect(noFile.status).toBe(400);
    const broken = await fetch(`${test.server.url}/public/api${FOLDERS}/${id}/contents/a.txt`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: 'not multipart',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Item).message).toBe('Malformed multipart/form-data upload');
    expect((await call('GET', `${FOLDERS}/${id}/contents`)).json).toEqual({ items: [] });
  });

  it('deletes the folder and its files', async () => {
    const id = await createFolder();
    await upload(id, 'a.txt', 'a');
    expect((await call('DELETE', `${FOLDERS}/${id}`)).json).toEqual({ msg: `Deleted managed folder CUSTOMER_ANALYTICS.${id}` });
    expect((await call('GET', `${FOLDERS}/${id}`)).status).toBe(404);
    expect((await call('GET', `${FOLDERS}/${id}/contents`)).status).toBe(404);
    expect((await upload(id, 'a.txt', 'a')).status).toBe(404);
  });
});
