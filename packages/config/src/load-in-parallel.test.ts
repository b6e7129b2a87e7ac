import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceSites } from './declare-resources.js';
import type { FileDeclarations } from './declare-resources.js';
import { type LoadedFiles, loadFilesHere } from './load-files.js';
import { loadFiles } from './load-in-parallel.js';

// The worker thread runs the built package: turbo builds it before these tests (see turbo.json).
const BUILT_WORKER = new URL('../dist/load-worker.js', import.meta.url);
const BAD = fileURLToPath(new URL('./__fixtures__/bad/', import.meta.url));
const GOOD = fileURLToPath(new URL('./__fixtures__/good/', import.meta.url));

let files: { path: string; size: number }[];
beforeAll(async () => {
  if (!existsSync(fileURLToPath(BUILT_WORKER))) throw new Error('dist/load-worker.js is missing: build the package first (pnpm turbo run test builds it)');
  const names = (await readdir(BAD)).filter((name) => name.endsWith('.yaml'));
  files = await Promise.all([join(GOOD, 'brief/dataiku.yaml'), ...names.map((name) => join(BAD, name))].map(async (path) => ({ path, size: (await stat(path)).size })));
});

const context = { cwd: BAD, root: fileURLToPath(new URL('./__fixtures__/', import.meta.url)), env: { PG_PASSWORD: 'hunter2' } };

/** Everything a load gives, secret values and reference sites included, as plain data. */
function comparable(loaded: LoadedFiles): unknown {
  const plain = (declarations: FileDeclarations): unknown => ({
    ...declarations,
    resources: declarations.resources.map((resource) => ({
      ...resource,
      secrets: resource.secrets.map((secret) => ({ ...secret, value: secret.value })),
      sites: referenceSites.get(resource),
    })),
  });
  return { declarations: loaded.declarations.map(plain), codeFiles: [...loaded.codeFiles].sort(), yamlFiles: [...loaded.yamlFiles].sort() };
}

describe('loadFiles', () => {
  it('gives in worker threads exactly what it gives in this thread, in the order of the files', async () => {
    const here = loadFilesHere(
      files.map((file) => file.path),
      context,
    );
    const fallbacks: unknown[] = [];
    const spread = await loadFiles(files, context, { workerUrl: BUILT_WORKER, bytesPerThread: 1, threads: 3, onFallback: (error) => fallbacks.push(error) });
    expect(fallbacks).toEqual([]);
    expect(comparable(spread)).toEqual(comparable(here));
    expect(here.declarations.some((declarations) => declarations.resources.some((resource) => resource.secrets.length > 0))).toBe(true);
    expect(here.declarations.some((declarations) => declarations.issues.length > 0)).toBe(true);
  });

  it('loads here when the files are small or there is no worker file, and the same in one worker', async () => {
    const here = comparable(loadFilesHere(files.map((file) => file.path), context));
    expect(comparable(await loadFiles(files, context, { workerUrl: BUILT_WORKER }))).toEqual(here);
    expect(comparable(await loadFiles(files, context, { workerUrl: BUILT_WORKER, bytesPerThread: 1, threads: 1 }))).toEqual(here);
    expect(comparable(await loadFiles(files, context, { workerUrl: new URL('./missing-worker.js', BUILT_WORKER), bytesPerThread: 1 }))).toEqual(here);
  });

  it('loads here the files of a worker that fails', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-config-worker-'));
    try {
      const broken = join(directory, 'broken-worker.mjs');
      await writeFile(broken, 'throw new Error("cannot start");\n');
      const exits = join(directory, 'exiting-worker.mjs');
      await writeFile(exits, 'process.exit(3);\n');
      const here = comparable(loadFilesHere(files.map((file) => file.path), context));
      for (const [worker, failure] of [
        [broken, 'cannot start'],
        [exits, 'the configuration loader thread stopped with exit code 3'],
      ] as const) {
        const fallbacks: unknown[] = [];
        const loaded = await loadFiles(files, context, { workerUrl: pathToFileURL(worker), bytesPerThread: 1, threads: 2, onFallback: (error) => fallbacks.push(error) });
        expect(comparable(loaded)).toEqual(here);
        expect(fallbacks.map((error) => (error as Error).message)).toEqual([failure, failure]);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
