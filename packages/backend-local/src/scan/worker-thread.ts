import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkStateText, type TextCheck, type TextCheckJob } from './check-state-text.js';

/**
 * The worker-thread side of scanning: only the built package has the worker file
 * (`dist/scan-worker.js`), so this module runs in the integration tests and benchmarks, which use
 * the built packages (test/e2e/large-state.test.ts), not in this package's unit tests.
 */
const SCAN_WORKER_URL = new URL('./scan-worker.js', import.meta.url);
export const workerAvailable = existsSync(fileURLToPath(SCAN_WORKER_URL));

/**
 * Check a whole file's bytes in a worker. A SharedArrayBuffer is shared with it at once; other
 * bytes are moved to it by `release()`, so that the worker boots while the caller still reads
 * them. If the worker fails, `fallback()` gives the bytes again to check here.
 */
export function checkInWorker(bytes: Uint8Array, fallback: () => Uint8Array): TextCheckJob {
  const shared = bytes.buffer instanceof SharedArrayBuffer;
  const worker = new Worker(SCAN_WORKER_URL, { workerData: shared ? fileOf(bytes) : 'file' });
  const result = new Promise<TextCheck>((resolve, reject) => {
    worker.once('message', (message: TextCheck) => {
      resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`the state scanner stopped with exit code ${code}`));
    });
  });
  result.catch(() => undefined); // observed by result(); a cancelled job's rejection is expected
  return {
    release: () => {
      if (!shared) worker.postMessage(fileOf(bytes), [bytes.buffer]);
    },
    result: async () => {
      try {
        return await result;
      } catch {
        // A worker that could not run (resource limits…): do the same work here.
        return checkStateText(fallback());
      } finally {
        void worker.terminate();
      }
    },
    cancel: () => {
      void worker.terminate();
    },
  };
}

/** A whole file as the worker receives it. */
export interface FileBytes {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset: number;
  readonly length: number;
}

function fileOf(bytes: Uint8Array): FileBytes {
  return { buffer: bytes.buffer, byteOffset: bytes.byteOffset, length: bytes.length };
}

/** Verify chunks in a worker as they are submitted; returns every id they confirm. */
export function verifyChunksInWorker(): { submit(chunk: Uint8Array): void; finish(): Promise<Set<string>>; cancel(): void } {
  const worker = new Worker(SCAN_WORKER_URL);
  const verified = new Set<string>();
  let submitted = 0;
  let answered = 0;
  let failed = false;
  let done: (() => void) | undefined;
  worker.on('message', (ids: string[]) => {
    for (const id of ids) verified.add(id);
    answered++;
    if (answered === submitted) done?.();
  });
  worker.once('error', () => {
    failed = true;
    done?.();
  });
  return {
    submit(chunk) {
      submitted++;
      worker.postMessage(chunk, [chunk.buffer as ArrayBuffer]);
    },
    async finish() {
      if (answered < submitted && !failed) {
        await new Promise<void>((resolve) => {
          done = resolve;
        });
      }
      worker.postMessage(null);
      // A worker that failed confirms nothing more: the caller checks those resources itself.
      return verified;
    },
    cancel() {
      void worker.terminate();
    },
  };
}

