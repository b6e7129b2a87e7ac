import type { JsonValue } from '@dataiku-iac/models';
import type { KeyPath } from './key-path.js';

/**
 * The first path where `declared` differs from `actual` under the planner's rule, or `undefined`
 * when they agree: objects compared key by key, only the keys declared, recursively; lists whole
 * (same length and order, items by the same rule); the top-level `tags` as a set. `secretMatches`
 * decides at the paths where the configuration holds a secret reference.
 */
export function firstDifference(
  declared: JsonValue,
  actual: JsonValue | undefined,
  secretMatches: (path: KeyPath, actual: JsonValue | undefined) => boolean,
  secretPaths: ReadonlySet<string>,
  path: KeyPath = [],
): KeyPath | undefined {
  if (secretPaths.has(JSON.stringify(path))) return secretMatches(path, actual) ? undefined : path;
  if (path.length === 1 && path[0] === 'tags' && Array.isArray(declared) && Array.isArray(actual)) {
    return sameSet(declared as readonly JsonValue[], actual as readonly JsonValue[]) ? undefined : path;
  }
  if (Array.isArray(declared)) {
    if (!Array.isArray(actual) || actual.length !== declared.length) return path;
    for (const [index, item] of (declared as readonly JsonValue[]).entries()) {
      const difference = firstDifference(item, (actual as readonly JsonValue[])[index], secretMatches, secretPaths, [...path, index]);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (typeof declared === 'object' && declared !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return path;
    for (const [key, value] of Object.entries(declared)) {
      const difference = firstDifference(value, Object.hasOwn(actual, key) ? (actual as Record<string, JsonValue>)[key] : undefined, secretMatches, secretPaths, [...path, key]);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  return declared === actual ? undefined : path;
}

function sameSet(a: readonly JsonValue[], b: readonly JsonValue[]): boolean {
  const left = new Set(a.map((item) => JSON.stringify(item)));
  const right = new Set(b.map((item) => JSON.stringify(item)));
  return left.size === right.size && [...left].every((item) => right.has(item));
}
