import { parentPort, workerData } from 'node:worker_threads';
import { scanStateText } from './scan-state-text.js';

/** Worker entry (see `startScan`): scan the bytes it was given and post the result. */
parentPort?.postMessage(scanStateText(workerData as Uint8Array));
