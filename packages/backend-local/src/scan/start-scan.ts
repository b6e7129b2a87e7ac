import { type ScanResult, scanStateText } from './scan-state-text.js';
import { scanInWorker, workerAvailable } from './worker-thread.js';

/** Below this size a worker costs more than it saves. */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** A scan under way. */
export interface ScanJob {
  /** The result; scans inline if no worker runs it. */
  result(): Promise<ScanResult>;
  /** Stop the worker, if any (the result is no longer needed). */
  cancel(): void;
}

/**
 * Start scanning a state file's bytes. Large files held in a SharedArrayBuffer are scanned by a
 * worker thread, in parallel with the caller's `JSON.parse` on the main thread; everything else is
 * scanned inline when the result is asked for. Both give the same result.
 */
export function startScan(bytes: Uint8Array): ScanJob {
  if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.length < WORKER_THRESHOLD_BYTES || !workerAvailable) {
    return { result: () => Promise.resolve(scanStateText(bytes)), cancel: () => undefined };
  }
  return scanInWorker(bytes);
}
