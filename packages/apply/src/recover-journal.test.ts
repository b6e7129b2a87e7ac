import { hasErrorCode, type Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { declared, flow, useApplyFixture } from './__fixtures__/apply-fixture.js';
import { toJson } from './journal-records.js';
import { planDigest } from './plan-digest.js';
import { recoverJournal } from './recover-journal.js';

const { dss, fixture, plan, apply, saved, objects } = useApplyFixture();

describe('recoverJournal and resuming an interrupted apply', () => {
  it('finds out from DSS what an interrupted apply did, records it, and goes on without writing anything twice', async () => {
    const desired = flow();
    const planned = await plan(desired);
    // What a crash leaves: the project recorded in the journal (not yet in the state file), the
    // dataset created in DSS but killed before its outcome was written.
    dss.emulator.store.createProject({ projectKey: 'P', metadata: { label: 'Project P', tags: ['a', 'b'] } });
    const project = (await objects().read('project.P'))?.resource as Resource;
    dss.emulator.store.createDataset('P', { name: 'clean', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '${projectKey}/clean' }, formatType: 'csv', formatParams: { separator: ';' } });
    await fixture.backend.journal.append(
      [
        { kind: 'begin' as const, plan: planDigest(planned), lineage: null, startedAt: '2026-12-01T10:00:00.000+00:00' },
        { kind: 'intent' as const, resourceId: 'project.P', action: 'create' as const },
        { kind: 'done' as const, resourceId: 'project.P', resource: project.withMetadata({ managed: true }) },
        { kind: 'intent' as const, resourceId: 'dataset.P.clean', action: 'create' as const },
      ].map(toJson),
    );
    const state = await saved();
    const recovery = await recoverJournal(await fixture.backend.journal.read(), state, objects(), 'recovery');
    expect(recovery.checked).toEqual(['dataset.P.clean']);
    expect(recovery.journal.begin?.plan).toBe(planDigest(planned));
    expect(state.resourceIds()).toEqual(['dataset.P.clean', 'project.P']);
    expect(state.listResources().every((resource) => resource.metadata.managed)).toBe(true);
    await fixture.backend.save(state);

    const result = await apply(planned, desired, { resumed: recovery.journal, state });
    expect(result.failed).toEqual([]);
    expect(result.done.map((action) => action.resourceId)).toEqual(['project.P', 'dataset.P.clean', 'dataset.P.raw', 'recipe.P.prepare']);
    expect(dss.emulator.stats.writes('project.P').creates).toBe(0);
    expect(dss.emulator.stats.writes('dataset.P.clean').creates).toBe(0);
    expect(dss.emulator.stats.writes('dataset.P.raw').creates).toBe(1);
    expect((await saved()).resourceIds()).toEqual(['dataset.P.clean', 'dataset.P.raw', 'project.P', 'recipe.P.prepare']);
    expect(await fixture.backend.journal.read()).toEqual([]);
  });

  it('an interrupted create that did not happen is done again; an interrupted delete that happened is recorded', async () => {
    const desired = flow();
    await apply(await plan(desired), desired);
    const state = await saved();
    dss.emulator.store.deleteRecipe('P', 'prepare');
    await fixture.backend.journal.append(
      [
        { kind: 'begin' as const, plan: 'another plan', lineage: state.lineage, startedAt: '2026-12-01T10:00:00.000+00:00' },
        { kind: 'intent' as const, resourceId: 'recipe.P.prepare', action: 'delete' as const },
        { kind: 'intent' as const, resourceId: 'dataset.P.new', action: 'create' as const },
        { kind: 'intent' as const, resourceId: 'dataset.P.raw', action: 'update' as const },
        { kind: 'failed' as const, resourceId: 'dataset.P.raw', error: 'boom' },
      ].map(toJson),
    );
    const recovery = await recoverJournal(await fixture.backend.journal.read(), state, objects());
    expect([...recovery.checked].sort()).toEqual(['dataset.P.new', 'recipe.P.prepare']);
    expect(recovery.journal.failed.get('dataset.P.raw')).toBe('boom');
    expect(state.resourceIds()).toEqual(['dataset.P.clean', 'dataset.P.raw', 'project.P']);
  });

  it('goes on with an interrupted replace: the delete happened, the create is done now', async () => {
    const desired = flow().slice(0, 2);
    await apply(await plan(desired), desired);
    const next = [desired[0], declared('dataset.P.raw', { name: 'raw', type: 'UploadedFiles', params: {} })].filter((resource) => resource !== undefined);
    const planned = await plan(next);
    expect(planned.actions.map((action) => action.action)).toEqual(['replace']);
    dss.emulator.store.deleteDataset('P', 'raw');
    await fixture.backend.journal.append([{ kind: 'begin' as const, plan: planDigest(planned), lineage: null, startedAt: '2026-12-01T10:00:00.000+00:00' }, { kind: 'intent' as const, resourceId: 'dataset.P.raw', action: 'replace' as const }].map(toJson));
    const state = await saved();
    const recovery = await recoverJournal(await fixture.backend.journal.read(), state, objects());
    expect(state.hasResource('dataset.P.raw')).toBe(false);
    const result = await apply(planned, next, { resumed: recovery.journal, state });
    expect(result.failed).toEqual([]);
    expect(dss.emulator.store.getDataset('P', 'raw').type).toBe('UploadedFiles');
  });

  it('refuses a journal it does not understand', async () => {
    const error = await recoverJournal([{ kind: 'begin', plan: 5 }], new State(), objects()).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'JOURNAL_CORRUPTED')).toBe(true);
    expect((error as Error).message).toMatch(/^apply journal record 1 is not understood: /);
    for (const record of [{ kind: 'intent', resource_id: 'x', action: 'rename' }, { kind: 'done', resource_id: 'x', resource: { resource_id: 'bad' } }, { kind: 'failed', resource_id: 'x' }, { kind: 'other' }]) {
      expect(hasErrorCode(await recoverJournal([record], new State(), objects()).catch((caught: unknown) => caught), 'JOURNAL_CORRUPTED')).toBe(true);
    }
  });
});
