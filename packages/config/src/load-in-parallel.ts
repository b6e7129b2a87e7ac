import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type LoadedFiles, type LoadFilesContext, loadFilesHere } from './load-files.js';
import { deserializeFiles, type SerializedFiles } from './serialized-declarations.js';

/** The worker's file: only the built package has it (`dist/load-worker.js`). */
const LOAD_WORKER_URL = new URL('./load-worker.js', import.meta.url);
/**
 * YAML bytes worth a thread of their own: loading them (parsing, checking, declaring: about 4 MB/s
 * for the simplest YAML, 1 to 2 MB/s through the `yaml` package) takes longer than starting a worker.
 */
const BYTES_PER_THREAD = 256 * 1024;
const MAX_THREADS = 4;

export interface ParallelOptions {
  readonly workerUrl?: URL;
  readonly bytesPerThread?: number;
  readonly threads?: number;
  /** Told when a worker failed and its files were loaded here instead. */
  readonly onFallback?: (error: unknown) => void;
}

/**
 * Load YAML files, in worker threads when they are large enough for loading them to take
 * longer than starting a worker: one thread per `BYTES_PER_THREAD`, at most one per CPU but one
 * (at least one, at most 4). This thread and a CPU stay free meanwhile: a plan reads DSS while its
 * configuration loads (and on 2 CPUs, one worker loads as fast as two threads). The
 * result is the same as `loadFilesHere`, in the order of `files`; a worker that fails has its files
 * loaded here instead.
 */
export async function loadFiles(files: readonly { path: string; size: number }[], context: LoadFilesContext, options: ParallelOptions = {}): Promise<LoadedFiles> {
  const workerUrl = options.workerUrl ?? LOAD_WORKER_URL;
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  const threads = Math.min(options.threads ?? defaultThreads(), files.length, Math.floor(bytes / (options.bytesPerThread ?? BYTES_PER_THREAD)));
  const paths = files.map((file) => file.path);
  if (threads < 1 || !existsSync(fileURLToPath(workerUrl))) return loadFilesHere(paths, context);
  const lanes = splitBySize(files, threads);
  const results = await Promise.all(
    lanes.map(async (lane) => {
      const lanePaths = lane.map((file) => file.path);
      return loadInWorker(workerUrl, lanePaths, context).catch((error: unknown) => {
        options.onFallback?.(error);
        return loadFilesHere(lanePaths, context);
      });
    }),
  );
  const byPath = new Map<string, LoadedFiles['declarations'][number]>();
  lanes.forEach((lane, index) => {
    lane.forEach((file, position) => byPath.set(file.path, (results[index] as LoadedFiles).declarations[position] as LoadedFiles['declarations'][number]));
  });
  return {
    declarations: paths.map((path) => byPath.get(path) as LoadedFiles['declarations'][number]),
    // A code file shared by YAML files of two threads was read by both.
    codeFiles: [...new Map(results.flatMap((result) => result.codeFiles))],
    yamlFiles: results.flatMap((result) => result.yamlFiles),
  };
}

function defaultThreads(): number {
  return Math.min(Math.max(1, availableParallelism() - 1), MAX_THREADS);
}

/** Largest files first, each to the lane with the fewest bytes so far. */
function splitBySize<T extends { size: number }>(files: readonly T[], lanes: number): T[][] {
  const split: T[][] = Array.from({ length: lanes }, () => []);
  const loads: number[] = new Array<number>(lanes).fill(0);
  for (const file of [...files].sort((a, b) => b.size - a.size)) {
    const lightest = loads.indexOf(Math.min(...loads));
    (split[lightest] as T[]).push(file);
    loads[lightest] = (loads[lightest] as number) + file.size;
  }
  return split;
}

/**
 * The worker sends each file's declarations as soon as it has them, so that this thread turns them
 * into resources while the worker parses the next file.
 */
async function loadInWorker(workerUrl: URL, files: readonly string[], context: LoadFilesContext): Promise<LoadedFiles> {
  const worker = new Worker(workerUrl, { workerData: { files, context: { ...context, env: { ...context.env } } } });
  const perFile: LoadedFiles[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: string) => {
        perFile.push(deserializeFiles(JSON.parse(message) as SerializedFiles));
        if (perFile.length === files.length) resolve();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        reject(new Error(`the configuration loader thread stopped with exit code ${code}`));
      });
    });
  } finally {
    void worker.terminate();
  }
  return {
    declarations: perFile.flatMap((loaded) => loaded.declarations),
    codeFiles: perFile.flatMap((loaded) => loaded.codeFiles),
    yamlFiles: perFile.flatMap((loaded) => loaded.yamlFiles),
  };
}
