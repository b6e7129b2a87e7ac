import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type LoadFilesContext, loadFilesHere } from './load-files.js';
import { serializeFiles } from './serialized-declarations.js';

// A worker thread of `loadFiles`: loads its share of the YAML files and sends back plain data.
const { files, context } = workerData as { files: string[]; context: LoadFilesContext };
// Parsing is background work: the thread that started it may be reading DSS meanwhile, and its
// requests should not wait for a CPU. On Linux a priority set here is this thread's alone; elsewhere
// it would be the whole process's, for good (lowering it back needs privileges), so it is left.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_LOW);
  } catch {
    // A preference, not a need: the files load all the same.
  }
}
parentPort?.postMessage(serializeFiles(loadFilesHere(files, context)));
