// Secret redaction lives in @dataiku-iac/models; re-exported here for the sync packages' users.
export { DEFAULT_REDACTION_KEY, isCredentialKey, isRedactionMarker, REDACTION_MARKER_PREFIX, redactSecrets, type RedactionContext } from '@dataiku-iac/models';
export { arrayField, booleanField, buildResource, objectField, omitKeysDeep, stringField } from './sync/attributes.js';
export { fetchListed, type FetchListedOptions, requireProjectKey } from './sync/fetch-listed.js';
export type { ListProjectKeys } from './sync/project-absence.js';
export { ProjectSync } from './sync/project-sync.js';
export { readExisting, unlessNotFound } from './sync/read-existing.js';
export type { ResourceSync, SyncedObject, SyncOptions } from './sync/resource-sync.js';
