import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ScanResult, scanStateText } from './scan-state-text.js';

/** Below this size a worker costs more than it saves. */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** A scan under way. */
export interface ScanJob {
  /** The result; scans inline if no worker runs it. */
  result(): Promise<ScanResult>;
  /** Stop the worker, if any (the result is no longer needed). */
  cancel(): void;
}

/** The built worker (`dist/scan-worker.js`); absent when running from source, where scans run inline. */
export const SCAN_WORKER_URL = new URL('./scan-worker.js', import.meta.url);
export const workerAvailable = existsSync(fileURLToPath(SCAN_WORKER_URL));

/**
 * Start scanning a state file's bytes. Large files held in a SharedArrayBuffer are scanned by a
 * worker thread, in parallel with the caller's `JSON.parse` on the main thread; everything else is
 * scanned inline when the result is asked for. Both give the same result.
 */
export function startScan(bytes: Uint8Array): ScanJob {
  if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.length < WORKER_THRESHOLD_BYTES || !workerAvailable) {
    return { result: () => Promise.resolve(scanStateText(bytes)), cancel: () => undefined };
  }
  const worker = new Worker(SCAN_WORKER_URL, { workerData: { buffer: bytes.buffer, byteOffset: bytes.byteOffset, length: bytes.length } });
  const result = new Promise<ScanResult>((resolve, reject) => {
    worker.once('message', (message: ScanResult) => {
      resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`the state scanner stopped with exit code ${code}`));
    });
  });
  result.catch(() => undefined); // observed by result(); a cancelled job's rejection is expected
  return {
    result: async () => {
      try {
        return await result;
      } catch {
        // A worker that could not run (resource limits…): do the same work here.
        return scanStateText(bytes);
      } finally {
        void worker.terminate();
      }
    },
    cancel: () => {
      void worker.terminate();
    },
  };
}
