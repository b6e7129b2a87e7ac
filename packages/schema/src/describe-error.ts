import { RESOURCE_ID_PATTERN_SOURCE } from '@dataiku-iac/models';
import type { ErrorObject } from 'ajv';
import { type SchemaIssue, toPointer } from './schema-issue.js';

/** Turn an ajv error into an issue a user can act on. */
export function describeError(error: ErrorObject): SchemaIssue | undefined {
  const pointer = error.propertyName === undefined ? error.instancePath : `${error.instancePath}${toPointer([error.propertyName])}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      // The failing `then` branch is reported on its own.
      return undefined;
    case 'required':
      return { pointer, message: `missing required property ${JSON.stringify(params.missingProperty)}` };
    case 'additionalProperties':
      return { pointer, message: `unknown property ${JSON.stringify(params.additionalProperty)}` };
    case 'propertyNames':
      return undefined;
    case 'pattern':
      return { pointer, message: describePattern(pointer, error) };
    case 'enum':
      return { pointer, message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
    case 'const':
      return { pointer, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      // ajv always sets a message (its `messages` option is on by default).
      return { pointer, message: error.message as string };
  }
}

function describePattern(pointer: string, error: ErrorObject): string {
  if (pointer.endsWith('/checksum')) return 'must be 64 lower-case hex characters (a SHA-256)';
  if (pointer.endsWith('/environment')) return 'must be 0-64 letters, digits, "_" or "-"';
  if (error.propertyName !== undefined) return 'key is not a valid resource id ({type}.{PROJECT_KEY}[.{name}])';
  const { pattern } = error.params as { pattern: string };
  if (pattern === RESOURCE_ID_PATTERN_SOURCE) return 'is not a valid resource id ({type}.{PROJECT_KEY}[.{name}])';
  // The per-type rule `^{type}\.` of the schema's allOf.
  return `must start with its resource_type (${pattern.slice(1).replace('\\.', '.')})`;
}
