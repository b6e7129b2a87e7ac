import { hasErrorCode, InvalidArgumentError, isJsonObject, type JsonObject, type JsonValue, nowTimestamp, Resource, toCanonicalOrder } from '@dataiku-iac/models';
import { redactSecrets } from '@dataiku-iac/models';
import type { SyncOptions } from './resource-sync.js';

/**
 * Attribute readers: a field DSS omits or sends as null takes the default of its kind ("" for
 * strings, false for booleans, {} for objects, [] for arrays), so the same DSS object always yields
 * the same attributes. The client has already checked the kinds of the fields it returns.
 */
export function stringField(source: JsonObject, field: string): string {
  const value = source[field];
  return typeof value === 'string' ? value : '';
}

export function booleanField(source: JsonObject, field: string): boolean {
  return source[field] === true;
}

export function objectField(source: JsonObject, field: string): JsonObject {
  const value = source[field];
  return isJsonObject(value) ? value : {};
}

export function arrayField(source: JsonObject, field: string): readonly JsonValue[] {
  const value = source[field];
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

/** A deep copy without the given keys at any depth (own properties only; `__proto__` stays data). */
export function omitKeysDeep(value: JsonValue, keys: ReadonlySet<string>): JsonValue {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map((item) => omitKeysDeep(item, keys));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !keys.has(key))
      .map(([key, child]) => [key, omitKeysDeep(child, keys)]),
  );
}

/**
 * Build a resource from raw attribute entries: secrets redacted, keys in canonical order, metadata
 * from the sync options. Entries (not an object literal) keep untrusted keys as data.
 */
export function buildResource(
  resourceId: string,
  entries: readonly (readonly [string, JsonValue])[],
  dataikuInternalId: string | null,
  options: SyncOptions,
): Resource {
  const raw: JsonObject = Object.fromEntries(entries);
  try {
    return new Resource({
      resourceId,
      attributes: toCanonicalOrder(redactSecrets(raw, { resourceId, key: options.redactionKey })),
      metadata: {
        deployedAt: (options.now ?? nowTimestamp)(),
        deployedBy: options.deployedBy ?? 'system',
        dataikuInternalId,
      },
    });
  } catch (error) {
    // Only a value JSON cannot hold, in practice nesting deeper than Python's encoder accepts.
    if (!hasErrorCode(error, 'INVALID_ARGUMENT')) throw error;
    throw new InvalidArgumentError(`cannot record ${resourceId} as DSS returned it: ${(error as Error).message}`, { cause: error });
  }
}
