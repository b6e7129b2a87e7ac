import { Worker } from 'node:worker_threads';
import { scanStateText, type TextScan } from './scan-state-text.js';

/** Below this size a worker thread costs more than it saves. */
export const WORKER_MINIMUM_BYTES = 4 * 1024 * 1024;

/**
 * The built worker. `../dist/` resolves to it from `dist/index.js` and from `src/` alike, so this
 * package's own tests run the worker that ships (they depend on the build).
 */
export const WORKER_URL = new URL('../dist/scan-worker.js', import.meta.url);

/** A `scanStateText` under way. */
export interface ScanJob {
  readonly result: () => Promise<TextScan>;
  /** Stop it: its result is no longer needed. */
  readonly cancel: () => void;
}

/**
 * Start `scanStateText` on the bytes of a state file. A large file is scanned by a worker thread
 * while the caller parses its text: the bytes move to the worker (they are unusable here
 * afterwards) and are freed the moment it ends. A small one is scanned here when the result is asked for.
 */
export function startScan(bytes: Uint8Array): ScanJob {
  if (bytes.length < WORKER_MINIMUM_BYTES) return { result: () => Promise.resolve(scanStateText(bytes)), cancel: () => undefined };
  const worker = new Worker(WORKER_URL, { workerData: bytes, transferList: [bytes.buffer as ArrayBuffer] });
  const result = new Promise<TextScan>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`the checksum scan stopped with exit code ${code}`));
    });
  });
  result.catch(() => undefined); // a cancelled job's result is never awaited
  return {
    result: () => result,
    cancel: () => {
      void worker.terminate();
    },
  };
}
