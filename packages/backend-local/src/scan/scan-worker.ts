import { parentPort, workerData } from 'node:worker_threads';
import { scanStateText } from './scan-state-text.js';
import { verifyChunk } from './verify-chunk.js';

/**
 * Worker entry. With a shared buffer: scan that whole state file and post the result. Without:
 * verify the chunks of a file being written as they arrive, post the ids each one confirms, and
 * stop at the empty message that ends the file.
 */
const shared = workerData as { buffer: SharedArrayBuffer; byteOffset: number; length: number } | undefined;
if (shared === undefined) {
  parentPort?.on('message', (chunk: Uint8Array | null) => {
    if (chunk === null) {
      parentPort?.close();
      return;
    }
    parentPort?.postMessage(verifyChunk(chunk));
  });
} else {
  parentPort?.postMessage(scanStateText(new Uint8Array(shared.buffer, shared.byteOffset, shared.length)));
}
