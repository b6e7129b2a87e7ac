import { STATE_VERSION } from '@dataiku-iac/models';
import { type ErrorObject, stateValidator } from './compiled-validator.js';
import { describeError } from './describe-error.js';
import { type SchemaIssue, toPointer } from './schema-issue.js';

export interface ValidationResult {
  readonly valid: boolean;
  /** Every problem found; empty when valid. */
  readonly issues: readonly SchemaIssue[];
}

/**
 * Check a parsed state document against the state schema (version 1) and the rules JSON Schema
 * cannot express: each `resources` key equals its `resource_id`. A version other than 1 is
 * reported alone, as "unsupported state version N". Stored checksums are not recomputed here
 * (`@dataiku-iac/backend-local` verifies them when it loads a file).
 */
export function validateState(data: unknown): ValidationResult {
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version !== STATE_VERSION) {
    return { valid: false, issues: [{ pointer: '/version', message: `unsupported state version ${version}` }] };
  }
  const validate = stateValidator();
  const issues: SchemaIssue[] = [];
  if (!validate(data)) {
    for (const error of validate.errors as ErrorObject[]) {
      const issue = describeError(error);
      if (issue !== undefined) issues.push(issue);
    }
  }
  issues.push(...keyMismatches(data));
  return { valid: issues.length === 0, issues };
}

function keyMismatches(data: unknown): SchemaIssue[] {
  const resources = typeof data === 'object' && data !== null ? (data as { resources?: unknown }).resources : undefined;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) return [];
  const issues: SchemaIssue[] = [];
  for (const [key, resource] of Object.entries(resources)) {
    const id = typeof resource === 'object' && resource !== null ? (resource as { resource_id?: unknown }).resource_id : undefined;
    if (typeof id === 'string' && id !== key) {
      issues.push({ pointer: toPointer(['resources', key, 'resource_id']), message: `differs from its key ${JSON.stringify(key)}` });
    }
  }
  return issues;
}
