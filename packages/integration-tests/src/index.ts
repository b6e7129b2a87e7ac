export {
  createEmulator,
  DEFAULT_API_KEY,
  DEFAULT_DSS_VERSION,
  DssEmulator,
  type EmulatorOptions,
  type EmulatorSeed,
} from './emulator/create-emulator.js';
export { ROUTES, type EmulatorReply } from './emulator/dispatch.js';
export { DSS_ERROR_TYPES, DssError, type DssErrorEnvelope } from './emulator/dss-error.js';
export {
  FaultInjector,
  type FaultKind,
  type FaultMatcher,
  type FaultSpec,
  type InjectedFault,
} from './emulator/faults.js';
export { demoInstance } from './emulator/fixtures/demo-instance.js';
export { generateSyntheticInstance, type SyntheticInstanceOptions } from './emulator/fixtures/synthetic-instance.js';
export type {
  EmulatorInstance,
  ProjectSeed,
  ProjectVariables,
  RecipeDocument,
  VersionTag,
} from './emulator/instance.js';
export type { JsonObject, JsonValue } from './emulator/json.js';
export { BASE_PATHS } from './emulator/router.js';
export { CLI_USAGE, runEmulatorCli, type CliIo } from './emulator/run-cli.js';
export { startEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from './emulator/server.js';
export { RequestStats, type EmulatorStatsSnapshot } from './emulator/stats.js';
export { DssStore, OBJECT_NAME_PATTERN, PROJECT_KEY_PATTERN, type DssStoreOptions, type ProjectInfo } from './emulator/store.js';
export { type Hold } from './emulator/wait.js';
