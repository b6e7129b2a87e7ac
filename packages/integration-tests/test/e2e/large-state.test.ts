import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { hasErrorCode, type JsonObject, Resource, State, toCanonicalOrder } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { useWorkDirectory } from './run-cli.js';

/**
 * States large enough that the built backend verifies them in its worker thread: files of 4 MiB and
 * more are scanned by a worker while the main thread parses them, and a save past its first 4 MiB
 * is verified chunk by chunk by a worker while it is written.
 */
const work = useWorkDirectory();
const RESOURCES = 6_000;

function attributes(index: number): JsonObject {
  return toCanonicalOrder({
    name: `dataset_${index}`,
    type: 'Filesystem',
    description: `Prévisions ${index} — 売上`,
    formatParams: { separator: index % 2 === 0 ? ',' : '\t', style: 'unix', charset: 'utf8', parseHeaderRow: true },
    params: { connection: 'filesystem_managed', path: `\${projectKey}/dataset_${index}` },
    schema: { columns: Array.from({ length: 4 + (index % 12) }, (_, column) => ({ name: `column_${column}`, type: column % 2 === 0 ? 'string' : 'double' })), userModified: false },
    tags: ['bench', index % 3 === 0 ? 'pii' : 'kpi'],
  });
}

function largeState(): State {
  return new State({ resources: Array.from({ length: RESOURCES }, (_, index) => new Resource({ resourceId: `dataset.P${index % 40}.dataset_${index}`, attributes: attributes(index) })) });
}

describe('large states, verified by the worker thread', () => {
  it('the built backend has its worker', () => {
    const packageJson = createRequire(import.meta.url).resolve('@dataiku-iac/backend-local/package.json');
    expect(existsSync(join(dirname(packageJson), 'dist', 'scan-worker.js'))).toBe(true);
  });

  it('saves and loads back a state of several MB', async () => {
    const backend = new LocalFileBackend({ stateFile: join(work.path, 'large.state.json') });
    const state = largeState();
    expect((await backend.save(state)).written).toBe(true);
    expect((await readFile(backend.stateFile)).length).toBeGreaterThan(4 * 1024 * 1024);
    const loaded = await new LocalFileBackend({ stateFile: backend.stateFile }).load();
    expect(loaded.size).toBe(RESOURCES);
    expect(loaded.listResources()).toEqual(state.listResources());
  });

  it('finds a tampered resource and a duplicate key deep in a large file', async () => {
    const file = join(work.path, 'large.state.json');
    await new LocalFileBackend({ stateFile: file }).save(largeState());
    const text = await readFile(file, 'latin1');
    await writeFile(file, text.replace('"path": "${projectKey}/dataset_4321"', '"path": "${projectKey}/elsewhere"'), 'latin1');
    const tampered = await new LocalFileBackend({ stateFile: file }).load().catch((error: unknown) => error);
    expect(hasErrorCode(tampered, 'STATE_CORRUPTED')).toBe(true);
    expect((tampered as Error).message).toContain('/resources/dataset.P1.dataset_4321/metadata/checksum: does not match the attributes');
    await writeFile(file, text.replace('"name": "dataset_4321",', '"name": "dataset_4321", "name": "dataset_4321",'), 'latin1');
    const duplicated = await new LocalFileBackend({ stateFile: file }).load().catch((error: unknown) => error);
    expect((duplicated as Error).message).toContain('/resources/dataset.P1.dataset_4321/attributes: duplicate key "name"');
  });

  it('finds a duplicate key in a large file nested too deeply for the fast scan', async () => {
    const file = join(work.path, 'large.state.json');
    await new LocalFileBackend({ stateFile: file }).save(largeState());
    const text = await readFile(file, 'latin1');
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const edited = text
      .replace('"name": "dataset_17",', `"name": "dataset_17", "deep": ${deep},`)
      .replace('"name": "dataset_4321",', '"name": "dataset_4321", "name": "dataset_4321",');
    await writeFile(file, edited, 'latin1');
    const error = await new LocalFileBackend({ stateFile: file }).load().catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'STATE_CORRUPTED')).toBe(true);
    expect((error as Error).message).toContain('/resources/dataset.P1.dataset_4321/attributes: duplicate key "name"');
  });

  it('refuses to save a resource whose checksum does not match its attributes, leaving the file intact', async () => {
    const backend = new LocalFileBackend({ stateFile: join(work.path, 'large.state.json') });
    await backend.save(largeState());
    const before = await readFile(backend.stateFile);
    const state = await backend.load();
    const victim = state.getResource('dataset.P0.dataset_4000')!;
    // A resource whose checksum is not that of its attributes (built by hand with the old metadata),
    // in a state that has really changed, so that the save writes.
    state.addResource(new Resource({ resourceId: victim.resourceId, attributes: { ...victim.attributes, changed: true }, metadata: victim.metadata }));
    state.addResource(new Resource({ resourceId: 'dataset.P0.brand_new', attributes: attributes(1) }));
    const error = await backend.save(state).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'STATE_WRITE')).toBe(true);
    expect((error as Error).message).toContain('dataset.P0.dataset_4000/metadata/checksum: does not match the attributes');
    expect((await readFile(backend.stateFile)).equals(before)).toBe(true);
    expect((await readdir(work.path)).filter((name) => name.includes('.tmp'))).toEqual([]);
  });
});
