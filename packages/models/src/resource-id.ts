import { InvalidResourceIdError } from './errors/invalid-resource-id-error.js';
import { shorten } from './errors/shorten.js';

export const RESOURCE_TYPES = ['project', 'dataset', 'recipe', 'scenario', 'model'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** DSS project keys: letters (either case), digits and underscores. */
export const PROJECT_KEY_PATTERN = /^[A-Za-z0-9_]+$/;
/** DSS dataset, recipe, scenario and model names: letters, digits, `_` and `-`; may start with a digit. */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * The whole resource id grammar as one regular expression (source text, for JSON Schema):
 * `project.KEY`, or `{dataset|recipe|scenario|model}.KEY.NAME`.
 */
export const RESOURCE_ID_PATTERN_SOURCE =
  '^(?:project\\.[A-Za-z0-9_]+|(?:dataset|recipe|scenario|model)\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_-]+)$';

export interface ParsedResourceId {
  readonly resourceType: ResourceType;
  readonly projectKey: string;
  /** Absent for projects. */
  readonly resourceName?: string;
}

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** A project has no name part; every other type has exactly one. */
export function hasNamePart(type: ResourceType): boolean {
  return type !== 'project';
}

function expectedForm(type: ResourceType): string {
  return hasNamePart(type) ? `${type}.PROJECT_KEY.NAME` : `${type}.PROJECT_KEY`;
}

function checkProjectKey(id: string, projectKey: string): void {
  if (projectKey === '') throw new InvalidResourceIdError(id, 'the project key is empty');
  if (!PROJECT_KEY_PATTERN.test(projectKey)) {
    throw new InvalidResourceIdError(
      id,
      `project key ${shorten(JSON.stringify(projectKey))} may only contain letters, digits and underscores`,
    );
  }
}

function checkName(id: string, name: string): void {
  if (name === '') throw new InvalidResourceIdError(id, 'the name is empty');
  if (!RESOURCE_NAME_PATTERN.test(name)) {
    throw new InvalidResourceIdError(
      id,
      `name ${shorten(JSON.stringify(name))} may only contain letters, digits, underscores and hyphens`,
    );
  }
}

/**
 * Parse `{type}.{PROJECT_KEY}[.{name}]`. When `expectedType` is given, the type prefix must equal it.
 * @throws InvalidResourceIdError (INVALID_RESOURCE_ID) with a message that shows the bad id
 */
export function parseResourceId(resourceId: string, expectedType?: ResourceType): ParsedResourceId {
  const parts = resourceId.split('.');
  const [type = '', projectKey = '', name] = parts;
  if (!isResourceType(type)) {
    throw new InvalidResourceIdError(resourceId, `unknown resource type ${shorten(JSON.stringify(type))} (expected one of ${RESOURCE_TYPES.join(', ')})`);
  }
  if (expectedType !== undefined && type !== expectedType) {
    throw new InvalidResourceIdError(resourceId, `the type prefix ${JSON.stringify(type)} does not match resource type ${JSON.stringify(expectedType)}`);
  }
  const partCount = hasNamePart(type) ? 3 : 2;
  if (parts.length !== partCount) {
    throw new InvalidResourceIdError(resourceId, `expected ${expectedForm(type)} (names cannot contain dots)`);
  }
  checkProjectKey(resourceId, projectKey);
  if (name === undefined) return { resourceType: type, projectKey };
  checkName(resourceId, name);
  return { resourceType: type, projectKey, resourceName: name };
}

/**
 * Build a resource id, e.g. `makeResourceId('dataset', 'SALES', 'orders')` → `dataset.SALES.orders`.
 * @throws InvalidResourceIdError (INVALID_RESOURCE_ID) when a part is empty or has illegal characters
 */
export function makeResourceId(resourceType: ResourceType, projectKey: string, resourceName?: string): string {
  const id = resourceName === undefined ? `${resourceType}.${projectKey}` : `${resourceType}.${projectKey}.${resourceName}`;
  if (!isResourceType(resourceType)) throw new InvalidResourceIdError(id, `unknown resource type ${JSON.stringify(resourceType)}`);
  if (hasNamePart(resourceType) !== (resourceName !== undefined)) {
    throw new InvalidResourceIdError(id, `expected ${expectedForm(resourceType)}`);
  }
  checkProjectKey(id, projectKey);
  if (resourceName !== undefined) checkName(id, resourceName);
  return id;
}

/** True when `resourceId` parses; never throws. */
export function isValidResourceId(resourceId: string): boolean {
  try {
    parseResourceId(resourceId);
    return true;
  } catch {
    return false;
  }
}
