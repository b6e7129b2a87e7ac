import { readFile } from 'node:fs/promises';
import { isRedactionMarker } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { declared, flow, useApplyFixture } from './__fixtures__/apply-fixture.js';

const { dss, fixture, plan, apply, saved } = useApplyFixture();

describe('applyPlan', () => {
  it('creates in dependency order, records each object as DSS answers it, managed; a new plan then shows nothing', async () => {
    const desired = flow();
    const planned = await plan(desired);
    expect(planned.actions.map((action) => `${action.action} ${action.resourceId}`)).toEqual(['create project.P', 'create dataset.P.clean', 'create dataset.P.raw', 'create recipe.P.prepare']);
    const result = await apply(planned, desired);
    expect(result.failed).toEqual([]);
    expect(result.done.map((action) => action.resourceId)).toEqual(planned.actions.map((action) => action.resourceId));
    expect(result.saved.written).toBe(true);
    const state = await saved();
    expect(state.resourceIds()).toEqual(['dataset.P.clean', 'dataset.P.raw', 'project.P', 'recipe.P.prepare']);
    expect(state.listResources().every((resource) => resource.metadata.managed && resource.metadata.deployedBy === 'apply-test')).toBe(true);
    // As read back: DSS's defaults are in the state (formatParams grew), tags sorted.
    expect(Object.keys(state.getResource('dataset.P.raw')?.attributes.formatParams as object).length).toBeGreaterThan(5);
    expect(state.getResource('project.P')?.attributes.tags).toEqual(['a', 'b']);
    expect(dss.emulator.stats.writes('dataset.P.raw').creates).toBe(1);
    expect((await plan(desired)).actions).toEqual([]);
    await expect(readFile(`${fixture.backend.location}.journal`)).rejects.toThrow(/ENOENT/);
  });

  it('updates only the declared keys: what DSS or a person set elsewhere survives', async () => {
    const desired = flow();
    await apply(await plan(desired), desired);
    const raw = dss.emulator.store.getDataset('P', 'raw');
    dss.emulator.store.putDataset('P', 'raw', { ...raw, description: 'set in the DSS UI', shortDesc: 'kept' });
    const changed = desired.map((resource) =>
      resource.resourceId === 'dataset.P.raw' ? declared('dataset.P.raw', { ...resource.attributes, formatParams: { separator: '|' } }) : resource,
    );
    const planned = await plan(changed);
    expect(planned.actions.map((action) => [action.action, action.resourceId, action.changes.map((change) => change.path)])).toEqual([['update', 'dataset.P.raw', ['formatParams.separator']]]);
    const result = await apply(planned, changed);
    expect(result.failed).toEqual([]);
    const after = dss.emulator.store.getDataset('P', 'raw');
    expect(after).toMatchObject({ description: 'set in the DSS UI', shortDesc: 'kept', formatParams: { separator: '|', charset: 'utf8' } });
    expect((await saved()).getResource('dataset.P.raw')?.attributes.description).toBe('set in the DSS UI');
  });

  it('writes secrets to DSS and only their keyed hash to the state', async () => {
    const secrets = [{ path: ['params', 'password'], variable: 'PG_PASSWORD', value: 'hunter2' }];
    const desired = [
      declared('project.P', { projectKey: 'P' }),
      declared('dataset.P.pg', { name: 'pg', type: 'PostgreSQL', params: { connection: 'pg_crm', mode: 'table', table: 't', password: '${env:PG_PASSWORD}' } }, { secrets }),
    ];
    const result = await apply(await plan(desired), desired);
    expect(result.failed).toEqual([]);
    expect(dss.emulator.store.getDataset('P', 'pg').params).toMatchObject({ password: 'hunter2' });
    const text = await readFile(fixture.backend.location, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(isRedactionMarker((await saved()).getResource('dataset.P.pg')?.attributes.params && ((await saved()).getResource('dataset.P.pg')?.attributes.params as { password: unknown }).password)).toBe(true);
    expect((await plan(desired)).actions).toEqual([]);
  });

  it('replaces an object whose type changed, and deletes managed objects that left the configuration, recipes first', async () => {
    const desired = flow();
    await apply(await plan(desired), desired);
    const next = [desired[0], declared('dataset.P.raw', { name: 'raw', type: 'UploadedFiles', params: {} })].filter((resource) => resource !== undefined);
    const planned = await plan(next);
    expect(planned.actions.map((action) => `${action.action} ${action.resourceId}`)).toEqual(['replace dataset.P.raw', 'delete recipe.P.prepare', 'delete dataset.P.clean']);
    const result = await apply(planned, next);
    expect(result.failed).toEqual([]);
    expect(dss.emulator.store.getDataset('P', 'raw').type).toBe('UploadedFiles');
    expect(dss.emulator.store.hasRecipe('P', 'prepare')).toBe(false);
    expect((await saved()).resourceIds()).toEqual(['dataset.P.raw', 'project.P']);
    expect(dss.emulator.stats.writes('dataset.P.raw')).toMatchObject({ creates: 2, deletes: 1 });
  });

  it('refuses to write an object that changed in DSS since the plan, and starts nothing after', async () => {
    const desired = flow();
    await apply(await plan(desired), desired);
    const changed = desired.map((resource) => (resource.resourceType === 'dataset' ? declared(resource.resourceId, { ...resource.attributes, description: 'new' }) : resource));
    const planned = await plan(changed);
    dss.emulator.store.putDataset('P', 'clean', { ...dss.emulator.store.getDataset('P', 'clean'), shortDesc: 'someone else' });
    const writesBefore = dss.emulator.stats.writes('dataset.P.clean').updates;
    const result = await apply(planned, changed, { concurrency: 1 });
    expect(result.failed.map((failure) => [failure.action.resourceId, failure.error])).toEqual([['dataset.P.clean', 'dataset.P.clean changed in DSS since the plan was made; run plan again']]);
    expect(result.notStarted.map((skipped) => [skipped.action.resourceId, skipped.reason])).toEqual([['dataset.P.raw', 'not started: an earlier action failed']]);
    expect(dss.emulator.stats.writes('dataset.P.clean').updates).toBe(writesBefore);
    expect(await readFile(`${fixture.backend.location}.journal`, 'utf8')).toContain('"kind":"failed"');
  });

  it('refuses a create whose object appeared in DSS since the plan', async () => {
    const desired = flow();
    const planned = await plan(desired);
    dss.emulator.store.createProject({ projectKey: 'P' });
    const result = await apply(planned, desired);
    expect(result.failed[0]?.error).toBe('project.P was created in DSS since the plan was made; run plan again');
    expect(result.notStarted).toHaveLength(3);
  });

  it('on a persistent 500: what depends on it never starts; with continueOnError independent branches go on', async () => {
    const desired = [...flow('A'), ...flow('B')];
    dss.emulator.faults.add({ type: 'status', status: 500, method: 'POST', path: '/projects/A/datasets/' });
    const stopped = await apply(await plan(desired), desired, { concurrency: 1 });
    expect(stopped.failed.map((failure) => failure.action.resourceId)).toEqual(['dataset.A.clean']);
    expect(stopped.notStarted.length).toBeGreaterThan(0);
    expect((await saved()).resourceIds()).toEqual(['project.A', 'project.B']);
    const going = await apply(await plan(desired), desired, { concurrency: 2, continueOnError: true });
    expect(going.failed.map((failure) => failure.action.resourceId).sort()).toEqual(['dataset.A.clean', 'dataset.A.raw']);
    expect(going.notStarted.map((skipped) => [skipped.action.resourceId, skipped.reason])).toEqual([
      ['recipe.A.prepare', 'not started: it needs dataset.A.clean, which failed'],
    ]);
    expect((await saved()).resourceIds()).toEqual(['dataset.B.clean', 'dataset.B.raw', 'project.A', 'project.B', 'recipe.B.prepare']);
  });

  it.each([
    ['409', { status: 409, errorType: 'com.dataiku.dip.exceptions.AlreadyExistsException', message: 'Dataset clean already exists' }],
    ['400 "already exists", as DSS answers', { status: 400, errorType: 'java.lang.IllegalArgumentException', message: 'Dataset P.clean already exists' }],
  ] as const)('a create refused with %s: that action fails with DSS\'s reason, is never taken over, and what needs it does not start', async (_answer, fault) => {
    const desired = flow();
    dss.emulator.faults.add({ type: 'status', method: 'POST', path: '/projects/P/datasets/', ...fault });
    const result = await apply(await plan(desired), desired, { concurrency: 1 });
    expect(result.failed.map((failure) => failure.action.resourceId)).toEqual(['dataset.P.clean']);
    expect(result.failed[0]?.error).toContain(`failed with ${fault.status}`);
    expect(result.failed[0]?.error).toContain('already exists');
    expect(result.notStarted.map((skipped) => skipped.action.resourceId)).toEqual(['dataset.P.raw', 'recipe.P.prepare']);
    expect(dss.emulator.stats.writes('dataset.P.clean').creates).toBe(0);
    expect((await saved()).resourceIds()).toEqual(['project.P']);
  });

  it('a dropped connection after DSS applied a create: found out by reading, never created twice', async () => {
    const desired = flow();
    dss.emulator.faults.add({ type: 'truncated-json', method: 'POST', path: '/projects/P/datasets/', times: 1 });
    const result = await apply(await plan(desired), desired, { concurrency: 1 });
    expect(result.failed).toEqual([]);
    expect(dss.emulator.stats.writes('dataset.P.clean').creates + dss.emulator.stats.writes('dataset.P.raw').creates).toBe(2);
    expect((await saved()).size).toBe(4);
  });

  it('a 401 halfway: that action fails, nothing new starts, the state holds exactly what was done', async () => {
    const desired = flow();
    dss.emulator.faults.add({ type: 'status', status: 401, path: /\/recipes\//, method: 'POST' });
    const result = await apply(await plan(desired), desired, { concurrency: 1 });
    expect(result.failed.map((failure) => failure.action.resourceId)).toEqual(['recipe.P.prepare']);
    expect(result.failed[0]?.error).toMatch(/failed with 401/);
    expect((await saved()).resourceIds()).toEqual(['dataset.P.clean', 'dataset.P.raw', 'project.P']);
  });

  it('an update whose every answer was cut off after DSS applied it counts as done, as DSS shows', async () => {
    const desired = flow();
    await apply(await plan(desired), desired);
    const changed = desired.map((resource) => (resource.resourceId === 'dataset.P.raw' ? declared('dataset.P.raw', { ...resource.attributes, description: 'new' }) : resource));
    dss.emulator.faults.add({ type: 'truncated-json', method: 'PUT', path: '/projects/P/datasets/raw' });
    const result = await apply(await plan(changed), changed);
    expect(result.failed).toEqual([]);
    expect((await saved()).getResource('dataset.P.raw')?.attributes.description).toBe('new');
  });

  it('a write DSS does not show when read back is a failure, not a success', async () => {
    const desired = flow().slice(0, 2);
    dss.emulator.faults.add({ type: 'status', status: 404, method: 'GET', path: '/projects/P/datasets/raw', times: 2 });
    const result = await apply(await plan(desired), desired);
    expect(result.failed.map((failure) => failure.error)).toEqual(['dataset.P.raw was written, but DSS does not show it when read back']);
  });

  it('checkpoints: the state is saved every few actions, the journal says the rest', async () => {
    const desired = [...flow('A'), ...flow('B')];
    const events: string[] = [];
    const result = await apply(await plan(desired), desired, { checkpointEvery: 3, concurrency: 1, onEvent: (event) => events.push(`${event.kind} ${event.action.resourceId}`) });
    expect(result.failed).toEqual([]);
    expect(result.saved.serial).toBe(3);
    expect(events.filter((event) => event.startsWith('done'))).toHaveLength(8);
    expect(events.filter((event) => event.startsWith('start'))).toHaveLength(8);
  });

  it('a journal that cannot record an outcome stops new actions; the state holds what was done', async () => {
    const desired = flow();
    const real = fixture.backend;
    // The journal's storage fails (a full disk) for outcome records; the rest of the backend is real.
    const journal = {
      read: async () => real.journal.read(),
      clear: async () => real.journal.clear(),
      append: async (records: readonly { kind?: unknown }[]) => {
        if (records.some((record) => record.kind === 'done')) throw new Error('ENOSPC: no space left on device, write');
        await real.journal.append(records as never);
      },
    };
    const backend = new Proxy(real, { get: (target, key) => (key === 'journal' ? journal : Reflect.get(target, key, target) as unknown) });
    const result = await apply(await plan(desired), desired, { concurrency: 1, backend });
    expect(result.done.map((action) => action.resourceId)).toContain('project.P');
    expect(result.done.length).toBeLessThan(4);
    const reasons = [...result.failed.map((failure) => failure.error), ...result.notStarted.map((skipped) => skipped.reason)];
    expect(reasons.length).toBe(4 - result.done.length);
    expect(result.failed.map((failure) => failure.error)).toEqual(['ENOSPC: no space left on device, write']);
    expect((await saved()).resourceIds()).toEqual(expect.arrayContaining(result.done.map((action) => action.resourceId)));
    expect((await real.journal.read()).length).toBeGreaterThan(0);
  });

  it('stops starting actions when interrupted, and records what was done', async () => {
    const desired = flow();
    const controller = new AbortController();
    const result = await apply(await plan(desired), desired, {
      concurrency: 1,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.kind === 'done') controller.abort();
      },
    });
    expect(result.done.map((action) => action.resourceId)).toEqual(['project.P']);
    expect(result.notStarted.every((skipped) => skipped.reason === 'interrupted')).toBe(true);
    expect((await saved()).resourceIds()).toEqual(['project.P']);
  });
});
