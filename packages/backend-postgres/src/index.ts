export { type ConnectionSettings, isPostgresUrl, parseConnectionUrl, type SslMode } from './connection-settings.js';
export { assertEnvironmentName } from '@dataiku-iac/models';
export { BackendSchemaError } from './errors/backend-schema-error.js';
export { BackendUnavailableError } from './errors/backend-unavailable-error.js';
export { SCHEMA_VERSION } from './migrations.js';
export { PostgresBackend, type PostgresBackendOptions } from './postgres-backend.js';
export { DEFAULT_SCHEMA } from './schema-name.js';
