import { isJsonObject, type JsonObject, type JsonValue } from '@dataiku-iac/models';

export type DeclaredPath = readonly (string | number)[];

/** Where `actual` is not what `desired` declares. */
export interface DeclaredDifference {
  readonly path: DeclaredPath;
  /** `undefined` when `actual` has nothing there. */
  readonly old: JsonValue | undefined;
  readonly new: JsonValue;
  /** At one of the `secretPaths`: the values are secrets, never to be shown. */
  readonly secret: boolean;
}

export interface DeclaredCompareOptions {
  /** Paths where `desired` holds a secret: decided by `secretMatches`, never compared as values. */
  readonly secretPaths?: readonly DeclaredPath[];
  /** Whether `actual` (what is at a secret path) holds the declared secret. Default: never. */
  readonly secretMatches?: (path: DeclaredPath, actual: JsonValue | undefined) => boolean;
  /** Stop at the first difference. */
  readonly firstOnly?: boolean;
}

/**
 * How `actual` differs from what `desired` declares, compared as DSS stores objects (the planner's
 * rule, shared by `plan` and by `import`'s check that a written configuration loads back):
 * - objects key by key, recursively, only the keys `desired` declares: whatever DSS adds or
 *   defaults, and `desired` does not mention, never differs;
 * - arrays whole: the same length and order, each element compared by these same rules;
 * - the top-level `tags` as a set;
 * - at a secret path, `secretMatches` decides.
 * Differences come in the order of `desired`'s keys.
 */
export function declaredDifferences(desired: JsonObject, actual: JsonObject, options: DeclaredCompareOptions = {}): DeclaredDifference[] {
  const comparison = new DeclaredComparison(options);
  for (const [key, value] of Object.entries(desired)) {
    const have = Object.hasOwn(actual, key) ? actual[key] : undefined;
    const stop =
      key === 'tags' && Array.isArray(value) && Array.isArray(have)
        ? !sameSet(value as readonly JsonValue[], have as readonly JsonValue[]) && comparison.differ([key], have, value)
        : comparison.visit(value, have, key);
    if (stop) break;
  }
  return comparison.differences;
}

/** One walk of `declaredDifferences`: the path grows and shrinks as it goes, copied only where a difference is. */
class DeclaredComparison {
  readonly differences: DeclaredDifference[] = [];
  readonly #options: DeclaredCompareOptions;
  readonly #secretPaths: readonly DeclaredPath[];
  readonly #path: (string | number)[] = [];

  constructor(options: DeclaredCompareOptions) {
    this.#options = options;
    this.#secretPaths = options.secretPaths ?? [];
  }

  /** Records a difference; true to stop. */
  differ(path: DeclaredPath, old: JsonValue | undefined, value: JsonValue, secret = false): boolean {
    this.differences.push({ path, old, new: value, secret });
    return this.#options.firstOnly === true;
  }

  /** Compares `want` and `have` at the current path plus `segment`; true to stop. */
  visit(want: JsonValue, have: JsonValue | undefined, segment: string | number): boolean {
    this.#path.push(segment);
    const stop = this.#compare(want, have);
    this.#path.pop();
    return stop;
  }

  #compare(want: JsonValue, have: JsonValue | undefined): boolean {
    if (this.#secretPaths.length > 0 && this.#atSecret()) {
      return this.#options.secretMatches?.([...this.#path], have) === true ? false : this.differ([...this.#path], have, want, true);
    }
    if (isJsonObject(want) && isJsonObject(have)) {
      for (const key of Object.keys(want)) if (this.visit(want[key] as JsonValue, Object.hasOwn(have, key) ? have[key] : undefined, key)) return true;
      return false;
    }
    if (Array.isArray(want) && Array.isArray(have) && want.length === have.length) {
      const items = want as readonly JsonValue[];
      for (let index = 0; index < items.length; index++) if (this.visit(items[index] as JsonValue, (have as readonly JsonValue[])[index], index)) return true;
      return false;
    }
    return have !== undefined && sameValue(want, have) ? false : this.differ([...this.#path], have, want);
  }

  #atSecret(): boolean {
    const path = this.#path;
    return this.#secretPaths.some((secret) => secret.length === path.length && secret.every((segment, index) => segment === path[index]));
  }
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
  const left = new Set(a.map((item) => JSON.stringify(item)));
  const right = new Set(b.map((item) => JSON.stringify(item)));
  return left.size === right.size && [...left].every((item) => right.has(item));
}
