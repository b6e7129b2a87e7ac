import { Worker } from 'node:worker_threads';
import { SCAN_WORKER_URL, workerAvailable } from './start-scan.js';
import { verifyChunk } from './verify-chunk.js';

/** Confirms the checksums in the chunks of a state file as they are written. */
export interface ChunkVerifier {
  /** Hand over a chunk (it may be transferred to another thread: do not use it afterwards). */
  submit(chunk: Uint8Array): void;
  /** Every resource id the chunks confirmed. */
  finish(): Promise<Set<string>>;
  cancel(): void;
}

/** In a worker thread when `useWorker` and the worker file exists, so it overlaps serialisation; inline otherwise. */
export function createChunkVerifier(useWorker: boolean): ChunkVerifier {
  return useWorker && workerAvailable ? workerVerifier() : inlineVerifier();
}

function inlineVerifier(): ChunkVerifier {
  const verified = new Set<string>();
  return {
    submit(chunk) {
      for (const id of verifyChunk(chunk)) verified.add(id);
    },
    finish: () => Promise.resolve(verified),
    cancel: () => undefined,
  };
}

function workerVerifier(): ChunkVerifier {
  const worker = new Worker(SCAN_WORKER_URL);
  const verified = new Set<string>();
  let submitted = 0;
  let answered = 0;
  let failure: Error | undefined;
  let done: (() => void) | undefined;
  worker.on('message', (ids: string[]) => {
    for (const id of ids) verified.add(id);
    answered++;
    if (answered === submitted) done?.();
  });
  worker.once('error', (error) => {
    failure = error;
    done?.();
  });
  return {
    submit(chunk) {
      submitted++;
      worker.postMessage(chunk, [chunk.buffer as ArrayBuffer]);
    },
    async finish() {
      if (answered < submitted && failure === undefined) {
        await new Promise<void>((resolve) => {
          done = resolve;
        });
      }
      worker.postMessage(null);
      // A worker that failed confirms nothing: the caller checks those resources itself.
      return verified;
    },
    cancel() {
      void worker.terminate();
    },
  };
}
