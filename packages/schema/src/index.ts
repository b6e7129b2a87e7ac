export { formatIssue, type SchemaIssue } from './schema-issue.js';
export { validateState, type ValidationResult } from './validate-state.js';
export { stateSchema } from './state-schema.js';
