import { createHmac } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { JsonObject, JsonValue } from '../json.js';
import { isCredentialKey } from './credential-key.js';

/** Every redacted value starts with this prefix. */
export const REDACTION_MARKER_PREFIX = 'redacted:hmac-sha256:';

/**
 * The key used when no `redactionKey` is configured. It is public, so with it a weak password can be
 * guessed offline from its marker: teams should set their own shared secret (the CLI reads
 * `DATAIKU_IAC_REDACTION_KEY`). Everyone who compares states must use the same key.
 */
export const DEFAULT_REDACTION_KEY = 'dataiku-iac/default-redaction-key/v1';

const MARKER_PATTERN = /^redacted:hmac-sha256:[0-9a-f]{32}$/;

export interface RedactionContext {
  /** The resource the value belongs to: the same secret in two resources gives two markers. */
  readonly resourceId: string;
  /** The HMAC key; defaults to `DEFAULT_REDACTION_KEY`. */
  readonly key?: string | undefined;
}

/** True for a string produced by `redactSecrets`. */
export function isRedactionMarker(value: unknown): value is string {
  return typeof value === 'string' && MARKER_PATTERN.test(value);
}

/** `$`, then `.name` for identifier-like keys, `["odd key"]` for others and `[3]` for array items. */
export function secretPathText(segments: readonly (string | number)[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** Empty strings, null, booleans and empty containers reveal nothing and stay visible. */
function revealsSomething(value: JsonValue): boolean {
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return true;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return false;
}

function marker(key: string, resourceId: string, path: string, value: JsonValue): string {
  const digest = createHmac('sha256', key).update(`${resourceId}\u0000${path}\u0000${canonicalJson(value)}`, 'utf8').digest('hex');
  return `${REDACTION_MARKER_PREFIX}${digest.slice(0, 32)}`;
}

/**
 * The marker `redactSecrets` writes for `value` at `path` (segments inside the resource's
 * attributes) of `resourceId`: what a secret from elsewhere (a configuration) is compared through.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) when `key` is an empty string
 */
export function secretMarker(value: JsonValue, path: readonly (string | number)[], context: RedactionContext): string {
  const key = context.key ?? DEFAULT_REDACTION_KEY;
  if (key === '') throw new InvalidArgumentError('the redaction key must not be empty');
  return marker(key, context.resourceId, secretPathText(path), value);
}

interface Keyed {
  readonly resourceId: string;
  readonly key: string;
}

/**
 * A name/value pair that names a credential, as DSS stores extra properties and Spark or Hadoop
 * settings: `{"name": "password", "value": "…"}`, `{"key": "fs.s3a.secret.key", "value": "…"}`.
 */
function isSecretPair(object: JsonObject): boolean {
  if (!Object.hasOwn(object, 'value')) return false;
  return PAIR_NAME_FIELDS.some((field) => {
    const name = Object.hasOwn(object, field) ? object[field] : undefined;
    return typeof name === 'string' && isCredentialKey(name);
  });
}

const PAIR_NAME_FIELDS = ['name', 'key'] as const;

/** The path is a stack of segments, turned into text only for the rare values it redacts. */
function walk(value: JsonValue, path: (string | number)[], context: Keyed): JsonValue {
  if (Array.isArray(value)) {
    return (value as readonly JsonValue[]).map((item, index) => {
      path.push(index);
      const copy = walk(item, path, context);
      path.pop();
      return copy;
    });
  }
  if (typeof value !== 'object' || value === null) return value;
  const secretPair = isSecretPair(value as JsonObject);
  // Object.fromEntries defines own properties: a "__proto__" key from DSS stays plain data.
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      path.push(key);
      const secret = isCredentialKey(key) || (secretPair && key === 'value');
      const copy =
        secret && revealsSomething(child) && !isRedactionMarker(child)
          ? marker(context.key, context.resourceId, secretPathText(path), child)
          : walk(child, path, context);
      path.pop();
      return [key, copy];
    }),
  );
}

/**
 * A copy of `value` where every value under a credential-like key (see `isCredentialKey`), at any
 * depth, is replaced by `redacted:hmac-sha256:<32 hex>`: the first 32 hex digits of
 * HMAC-SHA256(key, resourceId + "\0" + path + "\0" + canonicalJson(secret)), where `path` is the JSON
 * path of the value (`$.params.password`). So is the `value` of a name/value pair whose `name` or
 * `key` is credential-like (`{"key": "fs.s3a.secret.key", "value": "…"}`). The marker changes when
 * the secret changes, so drift is still detected, but the secret cannot be read back. Non-empty strings, numbers and non-empty
 * arrays or objects are redacted; null, "", booleans and empty containers are kept. Existing markers
 * are kept, so redacting twice changes nothing.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) when `key` is an empty string
 */
export function redactSecrets<T extends JsonValue>(value: T, context: RedactionContext): T {
  const key = context.key ?? DEFAULT_REDACTION_KEY;
  if (key === '') throw new InvalidArgumentError('the redaction key must not be empty');
  return walk(value, [], { resourceId: context.resourceId, key }) as T;
}
