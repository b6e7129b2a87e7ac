import { declaredDifferences, formatPath } from '@dataiku-iac/diff';
import { type AttributeChange, isRedactionMarker, type JsonObject, type JsonValue, secretMarker } from '@dataiku-iac/models';
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
  const secrets = context.secrets;
  const differences = declaredDifferences(desired, actual, {
    secretPaths: secrets.map((secret) => secret.path),
    secretMatches: (path, have) => sameSecret(secrets.find((secret) => samePath(secret.path, path)) as DesiredSecret, have, context),
  });
  return differences.map((difference) =>
    difference.secret ? change(difference.path, difference.old === undefined ? undefined : SENSITIVE, SENSITIVE) : change(difference.path, difference.old, difference.new),
  );
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
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
