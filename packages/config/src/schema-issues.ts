import type { JsonValue } from '@dataiku-iac/models';
import type { ErrorObject } from 'ajv';
import type { ConfigIssue } from './config-error.js';
import { configSchema } from './config-schema.js';
import { didYouMean } from './did-you-mean.js';
import { validate } from './generated/config-schema-validator.js';
import type { KeyPath } from './key-path.js';
import type { YamlSource } from './yaml-source.js';

const CONFIG_VERSION = 1;

type Level = 'root' | 'project' | 'dataset' | 'recipe' | 'other';

/** The kind of object at `path`: the file itself, a project, a dataset, a recipe, or anything else. */
function levelOf(path: KeyPath): Level {
  if (path.length === 0) return 'root';
  if (path[0] !== 'projects') return 'other';
  if (path.length === 2) return 'project';
  if (path.length === 4 && path[2] === 'datasets') return 'dataset';
  if (path.length === 4 && path[2] === 'recipes') return 'recipe';
  return 'other';
}

const definitions = configSchema.definitions as Record<string, { properties: Record<string, unknown> }>;
const ALLOWED_KEYS: Record<Exclude<Level, 'other'>, readonly string[]> = {
  root: Object.keys(configSchema.properties as Record<string, unknown>),
  project: Object.keys((definitions.project as { properties: object }).properties),
  dataset: Object.keys((definitions.dataset as { properties: object }).properties),
  recipe: Object.keys((definitions.recipe as { properties: object }).properties),
};

/** Keys that the map key already gives: writing them again is a mistake worth explaining. */
const IDENTITY_KEYS: Partial<Record<Level, { key: string; explanation: string }>> = {
  project: { key: 'projectKey', explanation: 'the project key is its key under "projects"' },
  dataset: { key: 'name', explanation: 'the dataset name is its key under "datasets"' },
  recipe: { key: 'name', explanation: 'the recipe name is its key under "recipes"' },
};

const NAME_RULES: Partial<Record<Level, string>> = {
  project: 'invalid project key (letters, digits and "_" only)',
  dataset: 'invalid dataset name (letters, digits, "_" and "-" only)',
  recipe: 'invalid recipe name (letters, digits, "_" and "-" only)',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  object: 'a map',
  array: 'a list',
  boolean: 'true or false',
  number: 'a number',
  integer: 'an integer',
  null: 'empty',
};

/**
 * Check a parsed file against the configuration schema (compiled ahead of time) and describe each
 * failure at its key. A `version` other than 1 is reported alone: the rest of such a file follows
 * another format.
 */
export function schemaIssues(source: YamlSource, value: JsonValue): ConfigIssue[] {
  const version = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { version?: unknown }).version : undefined;
  if (version !== undefined && version !== CONFIG_VERSION) {
    return [source.issueAt(['version'], `unsupported configuration version ${JSON.stringify(version)} (expected ${CONFIG_VERSION})`)];
  }
  if (validate(value)) return [];
  const issues: ConfigIssue[] = [];
  for (const error of validate.errors as ErrorObject[]) {
    const issue = describe(source, value, error);
    if (issue !== undefined) issues.push(issue);
  }
  return issues;
}

function describe(source: YamlSource, value: JsonValue, error: ErrorObject): ConfigIssue | undefined {
  const path = toKeyPath(value, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return source.issueAt(path, `missing required key "${String(params.missingProperty)}"`, 'key');
    case 'additionalProperties':
      return unknownKey(source, path, String(params.additionalProperty));
    case 'pattern':
      // Only property names have patterns: a project key, a dataset or a recipe name.
      return source.issueAt([...path, error.propertyName as string], NAME_RULES[levelOf([...path, ''])] as string, 'key');
    case 'propertyNames':
      return undefined;
    case 'type':
      return source.issueAt(path, `must be ${describeTypes(String(params.type))}`);
    default:
      return source.issueAt(path, error.message as string);
  }
}

function unknownKey(source: YamlSource, path: KeyPath, key: string): ConfigIssue {
  const level = levelOf(path);
  const identity = IDENTITY_KEYS[level];
  const keyPath = [...path, key];
  if (identity?.key === key) return source.issueAt(keyPath, `unknown key (${identity.explanation})`, 'key');
  const allowed = ALLOWED_KEYS[level as Exclude<Level, 'other'>];
  const suggestion = didYouMean(key, allowed);
  const hint = suggestion === undefined ? `expected one of: ${allowed.join(', ')}` : `did you mean "${suggestion}"?`;
  return source.issueAt(keyPath, `unknown key (${hint})`, 'key');
}

function describeTypes(types: string): string {
  return types
    .split(',')
    .map((type) => TYPE_NAMES[type] ?? type)
    .join(' or ');
}

/** An ajv instance path (JSON pointer) as keys and list indexes, following the value. */
function toKeyPath(value: JsonValue, pointer: string): KeyPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: JsonValue | undefined = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = (current as JsonValue[])[index];
    } else {
      path.push(segment);
      current = (current as Record<string, JsonValue> | undefined)?.[segment];
    }
  }
  return path;
}
