export { runCli, INTERRUPTED_EXIT_CODE } from './cli/run-cli.js';
export { type CliIo, type OutputStream } from './cli/cli-io.js';
export { UnconfirmedRemovalError } from './errors/unconfirmed-removal-error.js';
export { mergeProjects, projectKeysOf } from './merge-projects.js';
export { StateManager, type RefreshResult, type StateManagerOptions, type SyncScope } from './state-manager.js';
