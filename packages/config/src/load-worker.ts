import { parentPort, workerData } from 'node:worker_threads';
import { type LoadFilesContext, loadFilesHere } from './load-files.js';
import { serializeFiles } from './serialized-declarations.js';

// A worker thread of `loadFiles`: loads its share of the YAML files and sends back plain data.
const { files, context } = workerData as { files: string[]; context: LoadFilesContext };
parentPort?.postMessage(serializeFiles(loadFilesHere(files, context)));
