export { canonicalJson, compareCodePoints, MAX_JSON_DEPTH, pythonNumber, toCanonicalOrder } from './canonical-json.js';
export { CHECKSUM_PATTERN, computeChecksum } from './checksum.js';
export { currentUser } from './current-user.js';
export type {
  AttributeChange,
  AttributeChangeOp,
  ChangeType,
  DiffReportJson,
  DiffSummary,
  ResourceDiff,
  TopLevelAttributeDiff,
} from './diff-types.js';
export { assertEnvironmentName, ENVIRONMENT_NAME_PATTERN } from './environment-name.js';
export { DataikuIaCError, hasErrorCode, type IacErrorCode, type IacErrorOptions } from './errors/dataiku-iac-error.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { InvalidResourceIdError } from './errors/invalid-resource-id-error.js';
export { LockError } from './errors/lock-error.js';
export { describeLockHolder, type LockInfo, newLockInfo } from './errors/lock-info.js';
export { oneLine } from './errors/one-line.js';
export { ResourceNotFoundError } from './errors/resource-not-found-error.js';
export { StateConflictError } from './errors/state-conflict-error.js';
export { StateCorruptedError } from './errors/state-corrupted-error.js';
export { StateLockedError } from './errors/state-locked-error.js';
export { StateNotFoundError } from './errors/state-not-found-error.js';
export { StateReadError } from './errors/state-read-error.js';
export { StateVersionError } from './errors/state-version-error.js';
export { StateWriteError } from './errors/state-write-error.js';
export { shorten } from './errors/shorten.js';
export { isCredentialKey } from './redaction/credential-key.js';
export {
  DEFAULT_REDACTION_KEY,
  isRedactionMarker,
  REDACTION_MARKER_PREFIX,
  redactSecrets,
  type RedactionContext,
  secretMarker,
  secretPathText,
} from './redaction/redact-secrets.js';
export { isJsonObject, type JsonObject, type JsonValue } from './json.js';
export {
  Resource,
  type ResourceInit,
  type ResourceJson,
  type ResourceMetadata,
  type ResourceMetadataJson,
} from './resource.js';
export {
  hasNamePart,
  isResourceType,
  isValidResourceId,
  makeResourceId,
  parseResourceId,
  PROJECT_KEY_PATTERN,
  RESOURCE_ID_PATTERN_SOURCE,
  RESOURCE_NAME_PATTERN,
  RESOURCE_TYPES,
  type ParsedResourceId,
  type ResourceType,
} from './resource-id.js';
export { State, STATE_VERSION, type StateInit, type StateJson } from './state.js';
export type {
  ApplyJournal,
  LockHandle,
  LockOptions,
  SaveOptions,
  SaveResult,
  StateBackend,
  StateVersion,
} from './state-backend.js';
export { formatTimestamp, isTimestamp, nowTimestamp, parseTimestamp } from './timestamp.js';
