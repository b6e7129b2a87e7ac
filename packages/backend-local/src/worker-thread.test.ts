import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode, type JsonObject, Resource, State, toCanonicalOrder } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from './__fixtures__/test-support.js';
import { LocalFileBackend } from './local-file-backend.js';
import { createChunkVerifier } from './chunk-verifier.js';
import { scanStateText } from './scan-state-text.js';
import { serializeState, stateFileChunks } from './serialize-state.js';
import { startScan, WORKER_MINIMUM_BYTES } from './start-scan.js';

const directory = useTemporaryDirectory();

function attributes(index: number): JsonObject {
  return toCanonicalOrder({
    name: `dataset_${index}`,
    description: `Prévisions ${index} — 売上`,
    formatParams: { separator: index % 2 === 0 ? ',' : '\t', style: 'unix', parseHeaderRow: true },
    schema: { columns: Array.from({ length: 4 + (index % 12) }, (_, column) => ({ name: `column_${column}`, type: column % 2 === 0 ? 'string' : 'double' })) },
    ratio: index % 7 === 0 ? 1e-7 : 0.5,
  });
}

/** A state whose file is just over the size from which the worker scans it. */
const largeState = new State({
  resources: Array.from({ length: 6_000 }, (_, index) => new Resource({ resourceId: `dataset.P${index % 40}.dataset_${index}`, attributes: attributes(index) })),
});
const largeText = serializeState(largeState);

describe('startScan', () => {
  it('scans a small file here, leaving its bytes alone', async () => {
    const bytes = Buffer.from(serializeState(new State({ resources: [new Resource({ resourceId: 'project.P', attributes: { name: 'p' } })] })));
    const job = startScan(bytes);
    expect(await job.result()).toEqual(scanStateText(bytes));
    job.cancel();
    expect(bytes.length).toBeGreaterThan(0);
  });

  it('scans a large file in the built worker thread, with the same result, and takes its bytes', async () => {
    const text = largeText;
    expect(text.length).toBeGreaterThan(WORKER_MINIMUM_BYTES);
    const expected = scanStateText(Buffer.from(text, 'latin1'));
    // Resources with 1e-7 (Python prints 1e-07) are left to the caller; the others are confirmed.
    expect(expected.confirmed.size).toBeGreaterThan(5_000);
    expect(expected.confirmed.size).toBeLessThan(6_000);
    const bytes = Buffer.from(text, 'latin1');
    const job = startScan(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
    expect(await job.result()).toEqual(expected);
    job.cancel();
  });

  it('can be cancelled', async () => {
    const job = startScan(Buffer.from(largeText, 'latin1'));
    job.cancel();
    await expect(job.result()).rejects.toThrow(/^the checksum scan stopped with exit code \d+$/);
  });
});

describe('createChunkVerifier', () => {
  const chunks = [...stateFileChunks(largeState.toJSON())].filter((chunk) => chunk.resourceIds.length > 0);

  it('verifies here until 4 MiB are written, then in the built worker thread, with the same result', async () => {
    const tampered = chunks.map((chunk) => chunk.text.replace('"name": "dataset_17"', '"name": "dataset_X"').replace('"name": "dataset_5969"', '"name": "dataset_Y"'));
    const verifier = createChunkVerifier();
    for (const [index, text] of tampered.entries()) {
      // The caller reuses its buffer for the next chunk: the verifier must not keep it.
      const bytes = Buffer.from(text, 'latin1');
      verifier.submit(bytes, chunks[index]?.resourceIds ?? []);
      bytes.fill(0x20);
    }
    const mismatch = (id: string): string => `/resources/${id}/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)`;
    // dataset.P17.dataset_17 is in the second MiB (verified here), dataset.P9.dataset_5969 in the last (by the worker).
    expect(await verifier.finish()).toEqual([mismatch('dataset.P17.dataset_17'), mismatch('dataset.P9.dataset_5969')]);
    verifier.cancel();
  });

  it('can be cancelled', async () => {
    const verifier = createChunkVerifier();
    for (const chunk of chunks) verifier.submit(Buffer.from(chunk.text, 'latin1'), chunk.resourceIds);
    verifier.cancel();
    await expect(verifier.finish()).rejects.toThrow(/^the chunk verification stopped with exit code \d+$/);
  });
});

describe('LocalFileBackend with large files, verified in the worker thread', () => {
  it('loads back what it saved, and finds a tampered resource and a duplicate key', async () => {
    const file = join(directory.path, 'large.state.json');
    const state = largeState.clone();
    await new LocalFileBackend({ stateFile: file }).save(state);
    expect((await new LocalFileBackend({ stateFile: file }).load()).listResources()).toEqual(state.listResources());
    const text = await readFile(file, 'latin1');
    await writeFile(file, text.replace('"name": "dataset_4321"', '"name": "dataset_4322"'), 'latin1');
    const tampered = await new LocalFileBackend({ stateFile: file }).load().catch((error: unknown) => error);
    expect(hasErrorCode(tampered, 'STATE_CORRUPTED')).toBe(true);
    expect((tampered as Error).message).toContain('/resources/dataset.P1.dataset_4321/metadata/checksum: does not match the attributes');
    await writeFile(file, text.replace('"name": "dataset_4321",', '"name": "dataset_4321", "name": "dataset_4321",'), 'latin1');
    const duplicated = await new LocalFileBackend({ stateFile: file }).load().catch((error: unknown) => error);
    expect((duplicated as Error).message).toContain('/resources/dataset.P1.dataset_4321/attributes: duplicate key "name"');
  });

  it('refuses to save a large state with a resource changed after its checksum, leaving the file intact', async () => {
    const file = join(directory.path, 'large.state.json');
    await new LocalFileBackend({ stateFile: file }).save(largeState.clone());
    const before = await readFile(file);
    const backend = new LocalFileBackend({ stateFile: file });
    const state = await backend.load();
    (state.getResource('dataset.P9.dataset_5969')?.attributes as Record<string, unknown>).name = 'changed';
    state.addResource(new Resource({ resourceId: 'dataset.P0.brand_new', attributes: attributes(1) }));
    const error = await backend.save(state).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'STATE_WRITE')).toBe(true);
    expect((error as Error).message).toContain('/resources/dataset.P9.dataset_5969/metadata/checksum: does not match the attributes');
    expect((await readFile(file)).equals(before)).toBe(true);
    expect(await readdir(directory.path)).toEqual(['large.state.json']);
  });

  it('refuses a large file of a newer format without waiting for the scan', async () => {
    const file = join(directory.path, 'large.state.json');
    await new LocalFileBackend({ stateFile: file }).save(largeState.clone());
    await writeFile(file, (await readFile(file, 'latin1')).replace('"version": 1', '"version": 2'), 'latin1');
    const error = await new LocalFileBackend({ stateFile: file }).load().catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'STATE_VERSION_UNSUPPORTED')).toBe(true);
  });
});
