export {
  DEFAULT_BASE_PATH,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRY_DELAY_MS,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type DssClientOptions,
  type DssRequestEvent,
} from './client-config.js';
export { DssClient, type DssClientStats, type DssMethod, type DssQueryValue, type DssRequestOptions } from './dss-client.js';
export { dssPath } from './dss-path.js';
export type {
  DatasetCreation,
  DatasetDefinition,
  ProjectCreation,
  ProjectMetadata,
  ProjectSettings,
  ProjectVariables,
  RecipeDefinition,
  RecipeDocument,
  RecipePrototype,
} from './dss-types.js';
export { DssApiError, type DssApiErrorInit, isNotFound } from './errors/dss-api-error.js';
export { DssConfigError, type DssConfigErrorInit, type DssEnvironmentVariable } from './errors/dss-config-error.js';
export { DssConnectionError, type DssConnectionErrorInit, type DssConnectionFailure } from './errors/dss-connection-error.js';
export { DssResponseError, type DssResponseErrorInit } from './errors/dss-response-error.js';
export { CLIENT_VERSION } from './version.js';
