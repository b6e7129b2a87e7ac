import { isTimestamp, STATE_VERSION } from '@dataiku-iac/models';
import type { ErrorObject } from 'ajv';
import { validate } from './generated/state-schema-validator.js';
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
 *
 * The schema is compiled ahead of time (see scripts/generate-validator.mjs); its `date-time`
 * values are checked here with `isTimestamp`, the function that reads them: RFC 3339, where a
 * missing offset means UTC.
 */
export function validateState(data: unknown): ValidationResult {
  const version = typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version !== STATE_VERSION) {
    return { valid: false, issues: [{ pointer: '/version', message: `unsupported state version ${version}` }] };
  }
  const issues: SchemaIssue[] = [];
  if (!validate(data)) {
    for (const error of validate.errors as ErrorObject[]) {
      const issue = describeError(error);
      if (issue !== undefined) issues.push(issue);
    }
  }
  issues.push(...timestampIssues(data), ...keyMismatches(data));
  return { valid: issues.length === 0, issues };
}

const TIMESTAMP_MESSAGE = 'must be an RFC 3339 timestamp such as 2026-11-22T02:38:53.340+00:00';

/** The schema's `date-time` fields: `updated_at` and each resource's `metadata.deployed_at`. */
function timestampIssues(data: unknown): SchemaIssue[] {
  if (!isRecord(data)) return [];
  const issues: SchemaIssue[] = [];
  if (typeof data.updated_at === 'string' && !isTimestamp(data.updated_at)) issues.push({ pointer: '/updated_at', message: TIMESTAMP_MESSAGE });
  if (!isRecord(data.resources)) return issues;
  for (const [key, resource] of Object.entries(data.resources)) {
    const metadata = isRecord(resource) ? resource.metadata : undefined;
    const deployedAt = isRecord(metadata) ? metadata.deployed_at : undefined;
    if (typeof deployedAt === 'string' && !isTimestamp(deployedAt)) {
      issues.push({ pointer: toPointer(['resources', key, 'metadata', 'deployed_at']), message: TIMESTAMP_MESSAGE });
    }
  }
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
