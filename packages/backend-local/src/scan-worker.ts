import { parentPort, workerData } from 'node:worker_threads';
import { scanStateText } from './scan-state-text.js';
import { verifyResourceChunk } from './verify-resource-chunk.js';

/**
 * Worker entry. Given a file's bytes (`startScan`): scan them and post the result. Given
 * `'chunks'` (`createChunkVerifier`): verify each `{ bytes, resourceIds }` received, and at `null`
 * post the problems of them all.
 */
if (workerData === 'chunks') {
  const problems: string[] = [];
  parentPort?.on('message', (chunk: { bytes: Uint8Array; resourceIds: string[] } | null) => {
    if (chunk !== null) {
      problems.push(...verifyResourceChunk(chunk.bytes, chunk.resourceIds));
      return;
    }
    parentPort?.postMessage(problems);
    parentPort?.close();
  });
} else {
  parentPort?.postMessage(scanStateText(workerData as Uint8Array));
}
