import { describe, expect, it } from 'vitest';
import { envelope, ILLEGAL_ARGUMENT, NOW, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

type Item = Record<string, unknown>;
const SCENARIOS = '/projects/CUSTOMER_ANALYTICS/scenarios';

/** The body `DSSProject.create_scenario(name, type)` sends. */
function creation(name: string, type = 'step_based'): Item {
  return { params: {}, type, name };
}

describe('scenarios', () => {
  it('creates a scenario whose id derives from its name, lists it and reads it', async () => {
    const created = await call('POST', `${SCENARIOS}/`, { body: creation('Daily refresh') });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: 'DAILY_REFRESH' });
    const settings = (await call('GET', `${SCENARIOS}/DAILY_REFRESH`)).json;
    expect(settings).toEqual({
      projectKey: 'CUSTOMER_ANALYTICS',
      id: 'DAILY_REFRESH',
      name: 'Daily refresh',
      type: 'step_based',
      active: false,
      triggers: [],
      reporters: [],
      params: {},
      tags: [],
      customFields: {},
      checklists: { checklists: [] },
      creationTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
      versionTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
    });
    expect((await call('GET', `${SCENARIOS}/`)).json).toEqual([
      { projectKey: 'CUSTOMER_ANALYTICS', id: 'DAILY_REFRESH', name: 'Daily refresh', type: 'step_based', active: false, running: false, tags: [], checklists: { checklists: [] } },
    ]);
    expect(test.emulator.stats.writes('scenario.CUSTOMER_ANALYTICS.DAILY_REFRESH')).toEqual({ creates: 1, updates: 0, deletes: 0 });
  });

  it('refuses a second scenario of the same name, and bodies without name or type', async () => {
    await call('POST', `${SCENARIOS}/`, { body: creation('Daily refresh') });
    const twice = await call('POST', `${SCENARIOS}/`, { body: creation('daily  refresh!') });
    expect(twice.status).toBe(400);
    expect(envelope(twice)).toEqual({ errorType: ILLEGAL_ARGUMENT, message: 'Scenario CUSTOMER_ANALYTICS.DAILY_REFRESH already exists', detailedMessage: 'Scenario CUSTOMER_ANALYTICS.DAILY_REFRESH already exists' });
    expect(envelope(await call('POST', `${SCENARIOS}/`, { body: { type: 'step_based' } })).message).toBe('Missing name in scenario definition');
    expect(envelope(await call('POST', `${SCENARIOS}/`, { body: { name: 'x' } })).message).toBe('Missing type in scenario definition');
    expect((await call('POST', `${SCENARIOS}/`, { body: creation('!!!') })).json).toEqual({ id: 'SCENARIO' });
  });

  it('replaces the settings whole, keeping the identity', async () => {
    await call('POST', `${SCENARIOS}/`, { body: creation('Daily refresh') });
    const settings = (await call('GET', `${SCENARIOS}/DAILY_REFRESH`)).json as Item;
    const put = await call('PUT', `${SCENARIOS}/DAILY_REFRESH`, { body: { ...settings, id: 'OTHER', active: true, triggers: [{ type: 'temporal' }] } });
    expect(put.json).toEqual({ msg: 'Updated scenario CUSTOMER_ANALYTICS.DAILY_REFRESH' });
    const after = (await call('GET', `${SCENARIOS}/DAILY_REFRESH`)).json as Item;
    expect(after).toMatchObject({ id: 'DAILY_REFRESH', active: true, triggers: [{ type: 'temporal' }], versionTag: { versionNumber: 1 } });
    expect((await call('PUT', `${SCENARIOS}/DAILY_REFRESH`, { body: { name: 'no type' } })).status).toBe(400);
  });

  it('serves the status at /light, where only some fields are writable', async () => {
    await call('POST', `${SCENARIOS}/`, { body: creation('Daily refresh') });
    const light = (await call('GET', `${SCENARIOS}/DAILY_REFRESH/light`)).json as Item;
    expect(light).toMatchObject({ id: 'DAILY_REFRESH', active: false, running: false });
    const put = await call('PUT', `${SCENARIOS}/DAILY_REFRESH/light`, { body: { ...light, active: true, description: 'd', name: 'Renamed', running: true } });
    expect(put.json).toEqual({ msg: 'Updated scenario CUSTOMER_ANALYTICS.DAILY_REFRESH' });
    expect((await call('GET', `${SCENARIOS}/DAILY_REFRESH/light`)).json).toMatchObject({ active: true, description: 'd', name: 'Daily refresh', running: false });
  });

  it('holds the script of a custom python scenario at /payload', async () => {
    await call('POST', `${SCENARIOS}/`, { body: creation('Python one', 'custom_python') });
    expect((await call('GET', `${SCENARIOS}/PYTHON_ONE/payload`)).json).toEqual({ script: '' });
    const put = await call('PUT', `${SCENARIOS}/PYTHON_ONE/payload`, { body: { script: 'print(1)' } });
    expect(put.json).toEqual({ msg: 'Updated scenario CUSTOMER_ANALYTICS.PYTHON_ONE' });
    expect((await call('GET', `${SCENARIOS}/PYTHON_ONE/payload`)).json).toEqual({ script: 'print(1)' });
    expect((await call('PUT', `${SCENARIOS}/PYTHON_ONE/payload`, { body: {} })).status).toBe(400);
    const settings = (await call('GET', `${SCENARIOS}/PYTHON_ONE`)).json as Item;
    await call('PUT', `${SCENARIOS}/PYTHON_ONE`, { body: settings });
    expect((await call('GET', `${SCENARIOS}/PYTHON_ONE/payload`)).json).toEqual({ script: 'print(1)' });
  });

  it('deletes, then answers 404', async () => {
    await call('POST', `${SCENARIOS}/`, { body: creation('Daily refresh') });
    expect((await call('DELETE', `${SCENARIOS}/DAILY_REFRESH`)).json).toEqual({ msg: 'Deleted scenario CUSTOMER_ANALYTICS.DAILY_REFRESH' });
    for (const path of ['', '/light', '/payload']) {
      const response = await call('GET', `${SCENARIOS}/DAILY_REFRESH${path}`);
      expect(response.status).toBe(404);
      expect(envelope(response).message).toBe('Scenario CUSTOMER_ANALYTICS.DAILY_REFRESH does not exist');
    }
    expect(test.emulator.stats.writes('scenario.CUSTOMER_ANALYTICS.DAILY_REFRESH')).toEqual({ creates: 1, updates: 0, deletes: 1 });
  });
});
