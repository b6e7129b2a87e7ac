import { verifyChunkByParsing } from './verify-chunk-by-parsing.js';
import { verifyChunksInWorker, workerAvailable } from './worker-thread.js';

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
  if (useWorker && workerAvailable) return verifyChunksInWorker();
  const verified = new Set<string>();
  return {
    submit(chunk) {
      for (const id of verifyChunkByParsing(chunk)) verified.add(id);
    },
    finish: () => Promise.resolve(verified),
    cancel: () => undefined,
  };
}
