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
} from './client/client-config.js';
export {
  DssClient,
  type DssClientStats,
  type DssMethod,
  type DssQueryValue,
  type DssRequestOptions,
} from './client/dss-client.js';
export { dssPath } from './client/dss-path.js';
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
} from './client/dss-types.js';
export { DssApiError, type DssApiErrorInit, isNotFound } from './errors/dss-api-error.js';
export { DssConfigError } from './errors/dss-config-error.js';
export { DssConnectionError, type DssConnectionErrorInit, type DssConnectionFailure } from './errors/dss-connection-error.js';
export { DssResponseError, type DssResponseErrorInit } from './errors/dss-response-error.js';
export { isCredentialKey } from './redaction/credential-key.js';
export {
  DEFAULT_REDACTION_KEY,
  isRedactionMarker,
  REDACTION_MARKER_PREFIX,
  redactSecrets,
  type RedactionContext,
} from './redaction/redact-secrets.js';
export { arrayField, booleanField, buildResource, objectField, omitKeysDeep, stringField } from './sync/attributes.js';
export { fetchListed, type FetchListedOptions, requireProjectKey } from './sync/fetch-listed.js';
export { ProjectSync } from './sync/project-sync.js';
export { readExisting } from './sync/read-existing.js';
export type { ResourceSync, SyncOptions } from './sync/resource-sync.js';
export { CLIENT_VERSION } from './version.js';
