import { formatPath } from '@dataiku-iac/diff';
import { type AttributeChange, isJsonObject, isRedactionMarker, type JsonObject, type JsonValue, secretMarker } from '@dataiku-iac/models';
import type { DesiredSecret } from './desired-resource.js';

/** How a secret's change is shown: never its value. */
export const SENSITIVE = '(sensitive value)';

export interface CompareContext {
  readonly resourceId: string;
  readonly secrets: readonly DesiredSecret[];
  /** Key of the keyed hash the state's secrets were redacted with. */
  readonly redactionKey?: string | undefined;
}

type Path = readonly (string | number)[];

/**
 * What would change in `actual` to make it what `desired` declares, compared as DSS stores objects:
 * - objects key by key, recursively, only the keys `desired` declares: whatever DSS adds or
 *   defaults, and the configuration does not mention, never differs;
 * - arrays whole: the same length and order, each element compared by these same rules;
 * - the top-level `tags` as a set;
 * - a secret through the keyed hash the state uses: equal when its value's marker is the marker
 *   the state holds (or, for a value the state keeps in clear, when the values are equal).
 * Changes are in path order; a secret's values are shown as `(sensitive value)`.
 */
export function compareDeclared(desired: JsonObject, actual: JsonObject, context: CompareContext): AttributeChange[] {
  const secrets = new Map(context.secrets.map((secret) => [formatPath(secret.path), secret]));
  const changes: AttributeChange[] = [];
  const visit = (want: JsonValue, have: JsonValue | undefined, path: Path): void => {
    const secret = secrets.get(formatPath(path));
    if (secret !== undefined) {
      if (!sameSecret(secret, have, context)) changes.push(change(path, have === undefined ? undefined : SENSITIVE, SENSITIVE));
      return;
    }
    if (isJsonObject(want) && isJsonObject(have)) {
      for (const [key, value] of Object.entries(want)) visit(value, Object.hasOwn(have, key) ? have[key] : undefined, [...path, key]);
      return;
    }
    if (Array.isArray(want) && Array.isArray(have) && want.length === have.length) {
      (want as readonly JsonValue[]).forEach((item, index) => {
        visit(item, (have as readonly JsonValue[])[index], [...path, index]);
      });
      return;
    }
    if (have === undefined || !sameValue(want, have)) changes.push(change(path, have, want));
  };
  for (const [key, value] of Object.entries(desired)) {
    const have = Object.hasOwn(actual, key) ? actual[key] : undefined;
    if (key === 'tags' && Array.isArray(value) && Array.isArray(have)) {
      if (!sameSet(value as readonly JsonValue[], have as readonly JsonValue[])) changes.push(change([key], have, value));
      continue;
    }
    visit(value, have, [key]);
  }
  return changes;
}

function change(path: Path, old: JsonValue | undefined, value: JsonValue): AttributeChange {
  const text = formatPath(path);
  return old === undefined ? { path: text, op: 'add', new: value } : { path: text, op: 'replace', old, new: value };
}

function sameSecret(secret: DesiredSecret, have: JsonValue | undefined, context: CompareContext): boolean {
  if (typeof have !== 'string') return false;
  if (!isRedactionMarker(have)) return have === secret.value;
  return secretMarker(secret.value, secret.path, { resourceId: context.resourceId, key: context.redactionKey }) === have;
}

/** Deep equality of JSON values, keys in any order. */
export function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && (a as readonly JsonValue[]).every((item, index) => sameValue(item, (b as readonly JsonValue[])[index] as JsonValue));
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key] as JsonValue, b[key] as JsonValue));
  }
  return false;
}

function sameSet(a: readonly JsonValue[], b: readonly JsonValue[]): boolean {
  const key = (value: JsonValue): string => JSON.stringify(value);
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((item) => right.has(item));
}
