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
export type { ListProjectKeys } from './sync/project-absence.js';
export { ProjectSync } from './sync/project-sync.js';
export { readExisting } from './sync/read-existing.js';
export type { ResourceSync, SyncOptions } from './sync/resource-sync.js';
