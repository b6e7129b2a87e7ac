import { type JsonObject, type JsonValue, makeResourceId, PROJECT_KEY_PATTERN, RESOURCE_NAME_PATTERN } from '@dataiku-iac/models';

export type RoleKind = 'inputs' | 'outputs';

/**
 * A dataset reference as DSS writes it: `name` in the recipe's own project, `PROJECT_KEY.name` in
 * another. Returns the dataset's resource id and the ref DSS stores (without the own project's
 * prefix), or `undefined` when the text is not a legal reference.
 */
export function parseDatasetRef(text: string, projectKey: string): { resourceId: string; ref: string } | undefined {
  const parts = text.split('.');
  const [first = '', second] = parts;
  if (parts.length === 1 && RESOURCE_NAME_PATTERN.test(first)) return { resourceId: makeResourceId('dataset', projectKey, first), ref: first };
  if (parts.length !== 2 || !PROJECT_KEY_PATTERN.test(first) || !RESOURCE_NAME_PATTERN.test(second as string)) return undefined;
  const name = second as string;
  return { resourceId: makeResourceId('dataset', first, name), ref: first === projectKey ? name : text };
}

/** The item DSS stores for a plain input (`{ref, deps: []}`) or output (`{ref, appendMode: false}`). */
function plainItem(kind: RoleKind, ref: string): JsonObject {
  return kind === 'inputs' ? { ref, deps: [] } : { ref, appendMode: false };
}

/** A list of refs in the state's shape: `{main: {items: [...]}}`, or `{}` for an empty list. */
export function rolesFromList(kind: RoleKind, refs: readonly string[]): JsonObject {
  return refs.length === 0 ? {} : { main: { items: refs.map((ref) => plainItem(kind, ref)) } };
}

/**
 * The refs of a role map when it is exactly what `rolesFromList` makes of them (only `main`, plain
 * items); `undefined` otherwise.
 */
export function listFromRoles(kind: RoleKind, roles: JsonValue): string[] | undefined {
  if (!isObject(roles)) return undefined;
  const keys = Object.keys(roles);
  if (keys.length === 0) return [];
  const main = roles.main;
  if (keys.length !== 1 || !isObject(main) || Object.keys(main).length !== 1 || !Array.isArray(main.items)) return undefined;
  const refs: string[] = [];
  for (const item of main.items as readonly JsonValue[]) {
    if (!isObject(item) || typeof item.ref !== 'string') return undefined;
    if (!isPlainItem(kind, item)) return undefined;
    refs.push(item.ref);
  }
  return refs;
}

function isPlainItem(kind: RoleKind, item: JsonObject): boolean {
  const keys = Object.keys(item);
  if (keys.length !== 2) return false;
  if (kind === 'inputs') return Array.isArray(item.deps) && (item.deps as readonly JsonValue[]).length === 0;
  return item.appendMode === false;
}

/** Every `ref` string of a role map (`{role: {items: [{ref}]}}`), in order. */
export function refsOfRoles(roles: JsonValue | undefined): string[] {
  if (!isObject(roles)) return [];
  const refs: string[] = [];
  for (const role of Object.values(roles)) {
    const items = isObject(role) ? role.items : undefined;
    if (!Array.isArray(items)) continue;
    for (const item of items as readonly JsonValue[]) if (isObject(item) && typeof item.ref === 'string') refs.push(item.ref);
  }
  return refs;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
