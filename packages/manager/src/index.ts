export { type CliIo, type OutputStream } from './cli/cli-io.js';
export { INTERRUPTED_EXIT_CODE, runCli } from './cli/run-cli.js';
export { UnconfirmedRemovalError } from './errors/unconfirmed-removal-error.js';
export { mergeProjects, projectKeysOf } from './merge-projects.js';
export { migrateState } from './migrate-state.js';
export { isDatabaseLocation } from './database-location.js';
export { type BackendSettings, openBackend } from './open-backend.js';
export { namedProjects, type SyncScope } from './scope.js';
export {
  type DriftResult,
  type RefreshResult,
  StateManager,
  type StateManagerOptions,
  type SyncResult,
  type SyncRunOptions,
} from './state-manager.js';
