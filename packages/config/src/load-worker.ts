import { parentPort, workerData } from 'node:worker_threads';
import { type LoadFilesContext, loadFilesHere } from './load-files.js';
import { serializeFiles } from './serialized-declarations.js';

// A worker thread of `loadFiles`: loads its share of the YAML files and sends back each file's
// declarations as plain data, in order, as JSON text (one string crosses threads in about half the
// time of a structured clone of thousands of small objects).
const { files, context } = workerData as { files: string[]; context: LoadFilesContext };
for (const file of files) parentPort?.postMessage(JSON.stringify(serializeFiles(loadFilesHere([file], context))));
