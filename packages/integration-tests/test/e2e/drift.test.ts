import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, scratchDataset, type Target } from './target.js';
import { runCli, useWorkDirectory } from './run-cli.js';

interface Report {
  summary: { added: number; removed: number; modified: number; unchanged: number };
  changes: { resource_id: string; change: string; attributes: { path: string; op: string; old?: unknown; new?: unknown }[] }[];
}

const work = useWorkDirectory();
let target: Target;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

const stateFile = () => join(work.path, '.dataiku', 'state', 'dev.state.json');

describe('drift after changes made through the DSS API', () => {
  it('shows an addition, a change with its attribute path and a removal; never writes', async () => {
    const key = target.projectKey;
    const name = target.scratchName();
    const id = `dataset.${key}.${name}`;
    expect((await runCli(work.path, target, ['sync', '--project', key])).code).toBe(0);
    expect(await runCli(work.path, target, ['drift'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^No changes\./) as unknown });

    await target.client.createDataset(key, scratchDataset(key, name));
    const added = await runCli(work.path, target, ['drift', '--json']);
    expect(added.code).toBe(2);
    const addedReport = JSON.parse(added.stdout) as Report;
    expect(addedReport.changes).toEqual([expect.objectContaining({ resource_id: id, change: 'added' })]);
    expect((await runCli(work.path, target, ['sync'])).code).toBe(0);
    const synced = await readFile(stateFile());

    const definition = await target.client.getDataset(key, name);
    await target.client.putDataset(key, name, { ...definition, formatParams: { ...(definition.formatParams as object), separator: ';' } });
    const modified = await runCli(work.path, target, ['drift', '--json']);
    expect(modified.code).toBe(2);
    const modifiedReport = JSON.parse(modified.stdout) as Report;
    expect(modifiedReport.summary.modified).toBe(1);
    expect(modifiedReport.changes[0]).toMatchObject({ resource_id: id, change: 'modified' });
    expect(modifiedReport.changes[0]?.attributes).toContainEqual({ path: 'formatParams.separator', op: 'replace', old: ',', new: ';' });
    const human = await runCli(work.path, target, ['drift']);
    expect(human.stdout).toContain(`~ ${id}`);
    expect(human.stdout).toContain('~ formatParams.separator: "," → ";"');

    await target.client.deleteDataset(key, name, { dropData: true });
    const removed = JSON.parse((await runCli(work.path, target, ['drift', '--json'])).stdout) as Report;
    expect(removed.changes).toEqual([expect.objectContaining({ resource_id: id, change: 'removed' })]);
    expect(await readFile(stateFile())).toEqual(synced);

    expect((await runCli(work.path, target, ['sync'])).code).toBe(0);
    expect((await runCli(work.path, target, ['drift'])).code).toBe(0);
  });

  it('runs the complete workflow: sync, save, modify, sync, diff the two state files', async () => {
    const key = target.projectKey;
    const name = target.scratchName();
    await target.client.createDataset(key, scratchDataset(key, name));
    expect((await runCli(work.path, target, ['sync', '--project', key, '--state-file', 'before.json'])).code).toBe(0);
    const definition = await target.client.getDataset(key, name);
    await target.client.putDataset(key, name, { ...definition, description: 'changed by the workflow test' });
    expect((await runCli(work.path, target, ['sync', '--project', key, '--state-file', 'after.json'])).code).toBe(0);
    expect((await runCli(work.path, target, ['diff', 'before.json', 'before.json'])).code).toBe(0);
    const diff = await runCli(work.path, target, ['diff', 'before.json', 'after.json', '--json']);
    expect(diff.code).toBe(2);
    const report = JSON.parse(diff.stdout) as Report;
    expect(report.changes).toEqual([
      { resource_id: `dataset.${key}.${name}`, resource_type: 'dataset', change: 'modified', attributes: [{ path: 'description', op: 'replace', old: '', new: 'changed by the workflow test' }] },
    ]);
  });
});
