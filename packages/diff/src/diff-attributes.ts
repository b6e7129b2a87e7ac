import {
  canonicalJson,
  compareCodePoints,
  type AttributeChange,
  type JsonObject,
  type JsonValue,
  type TopLevelAttributeDiff,
} from '@dataiku-iac/models';
import { alignSequences } from './align-sequences.js';
import { appendIndex, appendKey } from './format-path.js';

/**
 * The deep changes from `oldValue` to `newValue`, in traversal order: object keys in code point
 * order, array positions ascending. See the package README for how arrays of different lengths
 * are aligned and which index each change names.
 */
export function diffAttributes(oldValue: JsonObject, newValue: JsonObject): AttributeChange[] {
  return diffAttributesWithTopLevel(oldValue, newValue).changes;
}

export interface AttributeDiffResult {
  readonly changes: AttributeChange[];
  /** The spec's view: top-level keys only. */
  readonly topLevel: TopLevelAttributeDiff;
}

/** `diffAttributes` and the spec's top-level `{added, removed, modified}` view, in one pass. */
export function diffAttributesWithTopLevel(oldValue: JsonObject, newValue: JsonObject): AttributeDiffResult {
  const changes: AttributeChange[] = [];
  const added: [string, JsonValue][] = [];
  const removed: [string, JsonValue][] = [];
  const modified: [string, { old: JsonValue; new: JsonValue }][] = [];
  for (const key of unionOfKeys(oldValue, newValue)) {
    const path = appendKey('', key);
    if (!Object.hasOwn(oldValue, key)) {
      const after = newValue[key] as JsonValue;
      added.push([key, after]);
      changes.push({ path, op: 'add', new: after });
    } else if (!Object.hasOwn(newValue, key)) {
      const before = oldValue[key] as JsonValue;
      removed.push([key, before]);
      changes.push({ path, op: 'remove', old: before });
    } else {
      const before = oldValue[key] as JsonValue;
      const after = newValue[key] as JsonValue;
      const count = changes.length;
      diffValues(before, after, path, changes);
      if (changes.length > count) modified.push([key, { old: before, new: after }]);
    }
  }
  // Object.fromEntries defines own properties, so a "__proto__" attribute stays data.
  return {
    changes,
    topLevel: { added: Object.fromEntries(added), removed: Object.fromEntries(removed), modified: Object.fromEntries(modified) },
  };
}

function unionOfKeys(oldValue: JsonObject, newValue: JsonObject): string[] {
  const keys = Object.keys(oldValue);
  for (const key of Object.keys(newValue)) if (!Object.hasOwn(oldValue, key)) keys.push(key);
  return keys.sort(compareCodePoints);
}

type Kind = 'primitive' | 'array' | 'object';

function kindOf(value: JsonValue): Kind {
  if (typeof value !== 'object' || value === null) return 'primitive';
  return Array.isArray(value) ? 'array' : 'object';
}

function diffValues(oldValue: JsonValue, newValue: JsonValue, path: string, changes: AttributeChange[]): void {
  if (oldValue === newValue) return;
  const kind = kindOf(oldValue);
  if (kind !== kindOf(newValue) || kind === 'primitive') {
    changes.push({ path, op: 'replace', old: oldValue, new: newValue });
  } else if (kind === 'array') {
    diffArrays(oldValue as readonly JsonValue[], newValue as readonly JsonValue[], path, changes);
  } else {
    diffObjects(oldValue as JsonObject, newValue as JsonObject, path, changes);
  }
}

function diffObjects(oldValue: JsonObject, newValue: JsonObject, path: string, changes: AttributeChange[]): void {
  for (const key of unionOfKeys(oldValue, newValue)) {
    const keyPath = appendKey(path, key);
    if (!Object.hasOwn(oldValue, key)) changes.push({ path: keyPath, op: 'add', new: newValue[key] as JsonValue });
    else if (!Object.hasOwn(newValue, key)) changes.push({ path: keyPath, op: 'remove', old: oldValue[key] as JsonValue });
    else diffValues(oldValue[key] as JsonValue, newValue[key] as JsonValue, keyPath, changes);
  }
}

/**
 * Equal lengths: position by position. Otherwise: align on equal elements (LCS), then inside each
 * run of differences pair the k-th removed with the k-th added element when both are objects (or
 * both arrays) and diff them recursively under the new index; the rest are removals (old index)
 * and additions (new index). Arrays too large to align are compared position by position.
 */
function diffArrays(
  oldValue: readonly JsonValue[],
  newValue: readonly JsonValue[],
  path: string,
  changes: AttributeChange[],
): void {
  if (oldValue.length === newValue.length) {
    for (let index = 0; index < oldValue.length; index++) {
      diffValues(oldValue[index] as JsonValue, newValue[index] as JsonValue, appendIndex(path, index), changes);
    }
    return;
  }
  const { hunks, exact } = alignSequences(oldValue.map(elementKey), newValue.map(elementKey));
  for (const hunk of hunks) {
    const removedCount = hunk.oldEnd - hunk.oldStart;
    const addedCount = hunk.newEnd - hunk.newStart;
    for (let k = 0; k < Math.max(removedCount, addedCount); k++) {
      const oldIndex = hunk.oldStart + k;
      const newIndex = hunk.newStart + k;
      const before = oldValue[oldIndex] as JsonValue;
      const after = newValue[newIndex] as JsonValue;
      if (k < removedCount && k < addedCount && (!exact || isSameContainerKind(before, after))) {
        diffValues(before, after, appendIndex(path, newIndex), changes);
        continue;
      }
      if (k < removedCount) changes.push({ path: appendIndex(path, oldIndex), op: 'remove', old: before });
      if (k < addedCount) changes.push({ path: appendIndex(path, newIndex), op: 'add', new: after });
    }
  }
}

function elementKey(value: JsonValue): string {
  return canonicalJson(value);
}

function isSameContainerKind(a: JsonValue, b: JsonValue): boolean {
  const kind = kindOf(a);
  return kind !== 'primitive' && kind === kindOf(b);
}
