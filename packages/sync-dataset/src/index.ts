export { DatasetSync } from './dataset-sync.js';
