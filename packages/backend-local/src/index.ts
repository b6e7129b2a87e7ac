export { backupFileName } from './backups.js';
export { findDuplicateKeys, type DuplicateKey } from './find-duplicate-keys.js';
export { LocalFileBackend, type LocalFileBackendOptions } from './local-file-backend.js';
export { type LockHandle } from './lock-file.js';
export { parseStateFile } from './parse-state-file.js';
export { MAX_STATE_FILE_BYTES } from './read-bytes.js';
export { serializeState } from './serialize-state.js';
export { type SaveOptions, type SaveResult, type StateBackend } from './state-backend.js';
export { assertEnvironmentName, DEFAULT_STATE_DIRECTORY, defaultStatePath } from './state-paths.js';
