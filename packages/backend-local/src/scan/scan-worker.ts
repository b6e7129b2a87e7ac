import { parentPort, workerData } from 'node:worker_threads';
import { scanStateText } from './scan-state-text.js';

/** Worker entry: scan the shared bytes and post the result back. */
const { buffer, byteOffset, length } = workerData as { buffer: SharedArrayBuffer; byteOffset: number; length: number };
parentPort?.postMessage(scanStateText(new Uint8Array(buffer, byteOffset, length)));
