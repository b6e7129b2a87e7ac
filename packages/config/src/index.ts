export { checkReferences } from './check-references.js';
export { ConfigError, formatConfigIssue, type ConfigIssue } from './config-error.js';
export { configSchema } from './config-schema.js';
export type { Configuration, DesiredResource, DesiredResourceType, SecretReference, SourceLocation } from './configuration.js';
export { DEFAULT_CONFIG_DIRECTORY, DEFAULT_CONFIG_FILE } from './find-config-files.js';
export { loadConfiguration, type LoadOptions } from './load-configuration.js';
export type { WrittenSecret } from './project-declaration.js';
export { secretVariableName } from './secret-variable.js';
export { DEFAULT_SCHEMA_URL, writeConfiguration, type WriteOptions, type WrittenConfiguration } from './write-configuration.js';
