import { InvalidArgumentError, isRedactionMarker, type JsonObject, type JsonValue, type Resource } from '@dataiku-iac/models';
import { CODE_FILE_EXTENSIONS } from './code-recipe-types.js';
import { listFromRoles } from './dataset-refs.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { secretReferenceText } from './secret-reference.js';
import { secretVariableName } from './secret-variable.js';

/** A secret `writeConfiguration` replaced by `${env:variable}`. */
export interface WrittenSecret {
  readonly variable: string;
  readonly resourceId: string;
  /** Where in the resource's attributes: `params.password`. */
  readonly path: string;
}

/** One project's configuration, before it is YAML. */
export interface ProjectDeclaration {
  readonly projectKey: string;
  /** The content of `<PROJECT_KEY>.yaml`: `{version: 1, projects: {KEY: …}}`. */
  readonly document: JsonObject;
  /** Code files by path relative to the YAML file. */
  readonly codeFiles: ReadonlyMap<string, string>;
  readonly secrets: readonly WrittenSecret[];
}

/** Keys in the order they are written; a state attribute outside these cannot be written. */
const PROJECT_KEYS = ['name', 'shortDesc', 'description', 'tags', 'checklists', 'settings'];
const DATASET_KEYS = ['type', 'managed', 'params', 'formatType', 'formatParams', 'schema', 'partitioning', 'tags', 'shortDesc', 'description'];
const RECIPE_KEYS = ['type', 'inputs', 'outputs', 'payload', 'params', 'tags'];

/** File-based dataset types (the Python client's FS-like settings), whose params DSS completes on create. */
const FS_LIKE_TYPES = new Set(['Filesystem', 'UploadedFiles', 'FilesInFolder', 'HDFS', 'S3', 'Azure', 'GCS', 'FTP', 'SCP', 'SFTP']);

/**
 * Values that only repeat what DSS sets when they are left out (dss-api.md, decision 10 and §3.2):
 * writing them would add noise, leaving them out changes nothing the planner compares.
 */
const DEFAULT_PARTITIONING = { dimensions: [], ignoreNonMatchingFile: false };
const DEFAULT_SCHEMA = { columns: [], userModified: false };
const DEFAULT_CHECKLISTS = { checklists: [] };
const DEFAULT_FS_PARAMS: JsonObject = { notReadyIfEmpty: false, filesSelectionRules: { excludeRules: [], explicitFiles: [], includeRules: [], mode: 'ALL' } };

/**
 * The configuration of one project from its resources in the state: no identity keys (the map
 * keys give them), no values that only repeat DSS's defaults, code recipes' code in files, list
 * inputs/outputs when the role map is the plain form, secrets as `${env:NAME}`.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for resources of several projects, a resource type
 *   other than project, dataset and recipe, or an attribute the configuration format has no key for
 */
export function declareProject(resources: readonly Resource[]): ProjectDeclaration {
  const projectKey = resources[0]?.projectKey;
  if (projectKey === undefined) throw new InvalidArgumentError('writeConfiguration needs the resources of one project, got none');
  const secrets: WrittenSecret[] = [];
  const variables = new Set<string>();
  const codeFiles = new Map<string, string>();
  const project: Record<string, JsonValue> = {};
  // Entries, not assignments: a dataset may be called `__proto__`.
  const datasets: [string, JsonValue][] = [];
  const recipes: [string, JsonValue][] = [];
  for (const resource of [...resources].sort((a, b) => (a.resourceId < b.resourceId ? -1 : 1))) {
    if (resource.projectKey !== projectKey) {
      throw new InvalidArgumentError(`writeConfiguration writes one project at a time: ${resource.resourceId} is not in project ${projectKey}`);
    }
    const attributes = withSecretReferences(resource, secrets, variables);
    switch (resource.resourceType) {
      case 'project':
        Object.assign(project, pick(resource, attributes, PROJECT_KEYS, ['projectKey']));
        break;
      case 'dataset':
        datasets.push([resource.resourceName as string, pick(resource, attributes, DATASET_KEYS, ['name'])]);
        break;
      case 'recipe':
        recipes.push([resource.resourceName as string, recipeDeclaration(resource, attributes, codeFiles)]);
        break;
      default:
        throw new InvalidArgumentError(`writeConfiguration writes projects, datasets and recipes, not ${resource.resourceId}`);
    }
  }
  if (datasets.length > 0) project.datasets = Object.fromEntries(datasets);
  if (recipes.length > 0) project.recipes = Object.fromEntries(recipes);
  return { projectKey, document: { version: 1, projects: { [projectKey]: project } }, codeFiles, secrets };
}

/** The attributes with every redaction marker replaced by a `${env:NAME}` reference. */
function withSecretReferences(resource: Resource, secrets: WrittenSecret[], variables: Set<string>): JsonObject {
  const replace = (value: JsonValue, path: KeyPath): JsonValue => {
    if (isRedactionMarker(value)) {
      const base = secretVariableName(resource.resourceId, path, resource.attributes);
      let variable = base;
      for (let suffix = 2; variables.has(variable); suffix++) variable = `${base}_${suffix}`;
      variables.add(variable);
      secrets.push({ variable, resourceId: resource.resourceId, path: formatKeyPath(path) });
      return secretReferenceText(variable);
    }
    if (Array.isArray(value)) return (value as readonly JsonValue[]).map((item, index) => replace(item, [...path, index]));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replace(child, [...path, key])]));
    }
    return value;
  };
  return replace(resource.attributes, []) as JsonObject;
}

/** The known keys in writing order, without defaults; an unknown attribute is an error. */
function pick(resource: Resource, attributes: JsonObject, keys: readonly string[], identity: readonly string[]): Record<string, JsonValue> {
  for (const key of Object.keys(attributes)) {
    if (!keys.includes(key) && !identity.includes(key)) {
      throw new InvalidArgumentError(`cannot write ${resource.resourceId}: the configuration has no "${key}" key`);
    }
  }
  const picked: Record<string, JsonValue> = {};
  for (const key of keys) {
    const value = attributes[key];
    if (value === undefined) continue;
    const kept = withoutDefaults(resource, key, value);
    if (kept !== undefined) picked[key] = kept;
  }
  return picked;
}

function withoutDefaults(resource: Resource, key: string, value: JsonValue): JsonValue | undefined {
  if (value === '' || isEmpty(value)) return undefined;
  if (resource.resourceType === 'project' && key === 'checklists' && sameJson(value, DEFAULT_CHECKLISTS)) return undefined;
  if (resource.resourceType !== 'dataset') return value;
  if ((key === 'partitioning' && sameJson(value, DEFAULT_PARTITIONING)) || (key === 'schema' && sameJson(value, DEFAULT_SCHEMA))) return undefined;
  if (key === 'schema') return withReadableColumns(value as JsonObject);
  if (key === 'params' && FS_LIKE_TYPES.has(resource.attributes.type as string)) {
    const params = Object.fromEntries(Object.entries(value as JsonObject).filter(([name, param]) => !(Object.hasOwn(DEFAULT_FS_PARAMS, name) && sameJson(param, DEFAULT_FS_PARAMS[name] as JsonValue))));
    return isEmpty(params) ? undefined : params;
  }
  return value;
}

/** Each schema column with its name and type first (the state keeps keys sorted). */
function withReadableColumns(schema: JsonObject): JsonObject {
  const columns = schema.columns;
  if (!Array.isArray(columns)) return schema;
  const readable = (columns as readonly JsonValue[]).map((column) => {
    if (typeof column !== 'object' || column === null || Array.isArray(column)) return column;
    const { name, type, ...rest } = column as JsonObject;
    return { ...(name === undefined ? {} : { name }), ...(type === undefined ? {} : { type }), ...rest };
  });
  return { ...schema, columns: readable };
}

function recipeDeclaration(resource: Resource, attributes: JsonObject, codeFiles: Map<string, string>): Record<string, JsonValue> {
  const declaration = pick(resource, attributes, RECIPE_KEYS, ['name']);
  for (const kind of ['inputs', 'outputs'] as const) {
    const roles = declaration[kind];
    const list = roles === undefined ? undefined : listFromRoles(kind, roles);
    if (list !== undefined) declaration[kind] = list;
  }
  const extension = CODE_FILE_EXTENSIONS[attributes.type as string];
  const payload = declaration.payload;
  if (extension === undefined || typeof payload !== 'string') return declaration;
  const codeFile = `recipes/${resource.projectKey}/${resource.resourceName as string}.${extension}`;
  codeFiles.set(codeFile, payload);
  return Object.fromEntries(Object.entries(declaration).map(([key, value]) => (key === 'payload' ? ['code_file', codeFile] : [key, value])));
}

function isEmpty(value: JsonValue): boolean {
  return typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);
}

/** Deep equality of JSON values, ignoring the order of object keys. */
function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && (a as readonly JsonValue[]).every((item, index) => sameJson(item, (b as readonly JsonValue[])[index] as JsonValue));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson((a as JsonObject)[key] as JsonValue, (b as JsonObject)[key] as JsonValue));
  }
  return a === b;
}
