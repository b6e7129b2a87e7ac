import { isJsonObject, type JsonObject, type JsonValue } from '@dataiku-iac/models';

/**
 * `current` with the declared values written over it: objects merge key by key, recursively, so
 * that what DSS or a person set elsewhere survives; arrays and scalars are replaced whole.
 */
export function mergeDeclared(current: JsonObject, declared: JsonObject): JsonObject {
  const merged: Record<string, JsonValue> = { ...current };
  for (const [key, value] of Object.entries(declared)) {
    const existing = Object.hasOwn(current, key) ? current[key] : undefined;
    merged[key] = isJsonObject(value) && isJsonObject(existing) ? mergeDeclared(existing, value) : value;
  }
  return merged;
}

/** A copy of `attributes` with each secret's value at its path (in memory only, for the write). */
export function withSecretValues(attributes: JsonObject, secrets: readonly { readonly path: readonly (string | number)[]; readonly value: string }[]): JsonObject {
  if (secrets.length === 0) return attributes;
  const copy = structuredClone(attributes) as Record<string | number, unknown>;
  for (const { path, value } of secrets) {
    let node: Record<string | number, unknown> = copy;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (typeof next !== 'object' || next === null) break;
      node = next as Record<string | number, unknown>;
    }
    node[path.at(-1) as string | number] = value;
  }
  return copy as JsonObject;
}
