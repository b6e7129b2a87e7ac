import { parentPort, workerData } from 'node:worker_threads';
import { checkStateText } from './check-state-text.js';
import { verifyChunk } from './verify-chunk.js';
import type { FileBytes } from './worker-thread.js';

/**
 * Worker entry, in one of three roles:
 * - with a file's bytes (shared with the main thread): check that file's text, post the result;
 * - with `'file'`: the same, for the bytes the main thread moves here in its one message;
 * - with nothing: verify the chunks of a file being written as they arrive, post the ids each one
 *   confirms, and stop at the empty message that ends the file.
 */
const task = workerData as FileBytes | 'file' | undefined;

function checkFile(file: FileBytes): void {
  parentPort?.postMessage(checkStateText(new Uint8Array(file.buffer, file.byteOffset, file.length)));
  parentPort?.close();
}

if (task === undefined) {
  parentPort?.on('message', (chunk: Uint8Array | null) => {
    if (chunk === null) {
      parentPort?.close();
      return;
    }
    parentPort?.postMessage(verifyChunk(chunk));
  });
} else if (task === 'file') {
  parentPort?.once('message', checkFile);
} else {
  checkFile(task);
}
