import { checkStateText, type TextCheckJob } from './check-state-text.js';
import { checkInWorker, workerAvailable } from './worker-thread.js';

/** Below this size a worker costs more than it saves. */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;

/**
 * Start checking a state file's raw text. A large file is checked by a worker thread, in parallel
 * with the caller's `JSON.parse`: a SharedArrayBuffer is shared with it at once. Any other buffer
 * is moved to it on `release()` (and detached here) when the caller gives it up by passing
 * `recreate`, which must return the same bytes should the worker fail. Moving matters for memory:
 * the worker frees the file's bytes the moment it ends, where a buffer left here waits for a full
 * garbage collection. Anything else is checked inline when the result is asked for. Every way gives
 * the same result.
 */
export function startTextCheck(bytes: Uint8Array, recreate?: () => Uint8Array): TextCheckJob {
  const shared = bytes.buffer instanceof SharedArrayBuffer;
  if (bytes.length >= WORKER_THRESHOLD_BYTES && workerAvailable && (shared || recreate !== undefined)) {
    return checkInWorker(bytes, recreate ?? (() => bytes));
  }
  return { release: () => undefined, result: () => Promise.resolve(checkStateText(bytes)), cancel: () => undefined };
}
