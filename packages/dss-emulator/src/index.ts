export {
  createEmulator,
  DEFAULT_API_KEY,
  DEFAULT_DSS_VERSION,
  DssEmulator,
  type EmulatorOptions,
  type EmulatorSeed,
} from './create-emulator.js';
export { ROUTES, type EmulatorReply, type UnknownProjectsMode } from './dispatch.js';
export { DSS_ERROR_TYPES, DssError, type DssErrorEnvelope } from './dss-error.js';
export {
  FaultInjector,
  type FaultKind,
  type FaultMatcher,
  type FaultSpec,
  type InjectedFault,
} from './faults.js';
export { demoInstance } from './fixtures/demo-instance.js';
export { generateSyntheticInstance, type SyntheticInstanceOptions } from './fixtures/synthetic-instance.js';
export type {
  EmulatorInstance,
  ProjectSeed,
  ProjectVariables,
  RecipeDocument,
  ScenarioDocument,
  VersionTag,
} from './instance.js';
export type { JsonObject, JsonValue } from './json.js';
export { BASE_PATHS } from './router.js';
export { CLI_USAGE, runEmulatorCli, type CliIo } from './run-cli.js';
export { startEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from './server.js';
export { RequestStats, type EmulatorStatsSnapshot } from './stats.js';
export { DEFAULT_CONNECTIONS } from './store/connections.js';
export {
  DssStore,
  OBJECT_NAME_PATTERN,
  PROJECT_KEY_PATTERN,
  type DssStoreOptions,
  type FolderFile,
  type ProjectInfo,
} from './store/dss-store.js';
export type { WriteCount, WriteKind } from './write-counts.js';
export { type Hold } from './wait.js';
export { EmulatorOptionsError } from './emulator-options-error.js';
