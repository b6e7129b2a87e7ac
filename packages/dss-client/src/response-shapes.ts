import { isJsonObject } from '@dataiku-iac/models';

/** The JSON kinds a field can be checked against. */
type FieldKind = 'string' | 'boolean' | 'number' | 'object' | 'array';

export interface FieldRule {
  readonly kind: FieldKind;
  /** Required fields must be present and not null; optional ones may be absent or null. */
  readonly required?: boolean;
  /** For `object` fields: rules for the nested object. */
  readonly fields?: Shape;
}

export type Shape = Readonly<Record<string, FieldRule>>;

/** How a value is named in messages: `nothing`, `null`, `array`, `object`, `string`… */
export function kindName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    default:
      return typeof value === kind;
  }
}

function article(kind: FieldKind): string {
  return kind === 'object' || kind === 'array' ? `an ${kind}` : `a ${kind}`;
}

/** The first problem with `value` against `shape`, or `undefined` when it fits. `at` prefixes field names. */
export function shapeProblem(value: unknown, shape: Shape, at = ''): string | undefined {
  if (!isJsonObject(value)) {
    return at === '' ? `expected a JSON object, got ${kindName(value)}` : `expected "${at}" to be an object, got ${kindName(value)}`;
  }
  for (const [field, rule] of Object.entries(shape)) {
    const fieldValue = Object.hasOwn(value, field) ? value[field] : undefined;
    const name = at === '' ? field : `${at}.${field}`;
    if (fieldValue === undefined || fieldValue === null) {
      if (rule.required === true) return `expected "${name}" to be ${article(rule.kind)}, got ${kindName(fieldValue)}`;
      continue;
    }
    if (!hasKind(fieldValue, rule.kind)) return `expected "${name}" to be ${article(rule.kind)}, got ${kindName(fieldValue)}`;
    if (rule.fields !== undefined) {
      const problem = shapeProblem(fieldValue, rule.fields, name);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** The first problem with an array whose items must fit `shape`, or `undefined`. */
export function listProblem(value: unknown, shape: Shape): string | undefined {
  if (!Array.isArray(value)) return `expected a JSON array, got ${kindName(value)}`;
  for (const [index, item] of (value as readonly unknown[]).entries()) {
    if (!isJsonObject(item)) return `expected "[${index}]" to be an object, got ${kindName(item)}`;
    const problem = shapeProblem(item, shape, `[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const optionalString: FieldRule = { kind: 'string' };
const optionalObject: FieldRule = { kind: 'object' };
const optionalArray: FieldRule = { kind: 'array' };
const requiredString: FieldRule = { kind: 'string', required: true };

/** Items of `GET /projects/`: only `projectKey` is read. */
export const PROJECT_LIST_ITEM: Shape = { projectKey: requiredString };
/** Items of `GET /projects/{k}/datasets/` and `…/recipes/`: only `name` is read. */
export const NAMED_LIST_ITEM: Shape = { name: requiredString };

/** `GET /projects/{k}/metadata`: the display fields ProjectSync reads. */
export const PROJECT_METADATA: Shape = {
  label: optionalString,
  description: optionalString,
  shortDesc: optionalString,
  tags: optionalArray,
  checklists: optionalObject,
};

/** `GET /projects/{k}/settings`: the inner technical `settings` object. */
export const PROJECT_SETTINGS: Shape = { settings: optionalObject };

/** `GET /projects/{k}/variables/`: both scopes are required, as in the Python client. */
export const PROJECT_VARIABLES: Shape = {
  standard: { kind: 'object', required: true },
  local: { kind: 'object', required: true },
};

/** `GET /projects/{k}/datasets/{d}`. */
export const DATASET_DEFINITION: Shape = {
  name: requiredString,
  type: requiredString,
  managed: { kind: 'boolean' },
  params: optionalObject,
  schema: optionalObject,
  formatType: optionalString,
  formatParams: optionalObject,
  partitioning: optionalObject,
  tags: optionalArray,
  description: optionalString,
  shortDesc: optionalString,
};

/** `GET /projects/{k}/recipes/{r}`: the `{recipe, payload}` wrapper. */
export const RECIPE_DOCUMENT: Shape = {
  recipe: {
    kind: 'object',
    required: true,
    fields: {
      name: requiredString,
      type: requiredString,
      inputs: optionalObject,
      outputs: optionalObject,
      params: optionalObject,
      tags: optionalArray,
    },
  },
  payload: optionalString,
};

/** `POST /projects/{k}/recipes/` answers with the name actually created. */
export const RECIPE_CREATED: Shape = { name: requiredString };

/** Any JSON object. */
export const ANY_OBJECT: Shape = {};

