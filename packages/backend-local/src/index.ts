export { JournalCorruptedError } from './journal-corrupted-error.js';
export { LocalFileBackend, type LocalFileBackendOptions } from './local-file-backend.js';
export { MAX_STATE_FILE_BYTES } from './read-bytes.js';
export { assertEnvironmentName } from '@dataiku-iac/models';
export { DEFAULT_STATE_DIRECTORY, defaultStatePath } from './state-paths.js';
