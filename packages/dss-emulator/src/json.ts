/** A JSON value as the emulator stores and serves it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy, so that callers never share objects with the store. */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Drops object properties whose value is `null`, recursively, as DSS's Jackson serializer does
 * (`NON_NULL`): unset optional fields are omitted. Null array elements are kept.
 */
function omitNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(omitNulls);
  if (!isJsonObject(value)) return value;
  // Object.fromEntries defines own properties: a "__proto__" key stays data, as it does in DSS.
  return Object.fromEntries(Object.entries(value).flatMap(([key, child]) => (child === null ? [] : [[key, omitNulls(child)]])));
}

/** `omitNulls` on an object, typed as an object. */
export function omitNullProperties(value: JsonObject): JsonObject {
  return omitNulls(value) as JsonObject;
}

export function stringArray(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
