import { Worker } from 'node:worker_threads';
import { WORKER_MINIMUM_BYTES, WORKER_URL } from './start-scan.js';
import { verifyResourceChunk } from './verify-resource-chunk.js';

/** Verifies the chunks of a state file as a save writes them (see `verifyResourceChunk`). */
export interface ChunkVerifier {
  /** A chunk just written and the resources it holds; `bytes` may be reused once this returns. */
  submit(bytes: Uint8Array, resourceIds: readonly string[]): void;
  /** The problems of every chunk submitted. */
  finish(): Promise<string[]>;
  /** Stop the worker, if any (the result is no longer needed). */
  cancel(): void;
}

/**
 * Chunks are verified here until the text written reaches 4 MiB; from then on, by a worker thread
 * (the same function), so that a large save verifies while it serialises and writes.
 */
export function createChunkVerifier(): ChunkVerifier {
  const problems: string[] = [];
  let written = 0;
  let worker: Worker | undefined;
  let workerProblems: Promise<string[]> | undefined;
  return {
    submit(bytes, resourceIds) {
      written += bytes.length;
      if (worker === undefined && written < WORKER_MINIMUM_BYTES) {
        problems.push(...verifyResourceChunk(bytes, resourceIds));
        return;
      }
      if (worker === undefined) {
        const started = new Worker(WORKER_URL, { workerData: 'chunks' });
        workerProblems = new Promise<string[]>((resolve, reject) => {
          started.once('message', resolve);
          started.once('error', reject);
          started.once('exit', (code) => {
            reject(new Error(`the chunk verification stopped with exit code ${code}`));
          });
        });
        workerProblems.catch(() => undefined); // a cancelled verification is never awaited
        worker = started;
      }
      // A copy of its own, moved to the worker: the caller reuses `bytes`.
      const copy = new Uint8Array(bytes);
      worker.postMessage({ bytes: copy, resourceIds }, [copy.buffer]);
    },
    async finish() {
      if (worker === undefined || workerProblems === undefined) return problems;
      worker.postMessage(null);
      return [...problems, ...(await workerProblems)];
    },
    cancel() {
      void worker?.terminate();
    },
  };
}
