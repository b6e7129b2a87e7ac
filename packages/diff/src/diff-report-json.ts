import {
  compareCodePoints,
  toCanonicalOrder,
  type AttributeChange,
  type DiffReportJson,
  type JsonObject,
  type JsonValue,
  type ResourceDiff,
} from '@dataiku-iac/models';
import { summarizeDiffs } from './diff-summary.js';
import { appendKey } from './format-path.js';
import { sortDiffs } from './sort-diffs.js';

type ReportChange = DiffReportJson['changes'][number];

/**
 * The machine-readable report: counts of all four change types, then the added, removed and
 * modified resources by id. Values are copied with their keys in code point order.
 */
export function toDiffReportJson(diffs: readonly ResourceDiff[]): DiffReportJson {
  const changes: ReportChange[] = [];
  for (const diff of sortDiffs(diffs)) {
    if (diff.changeType === 'unchanged') continue;
    changes.push({
      resource_id: diff.resourceId,
      resource_type: diff.resourceType,
      change: diff.changeType,
      attributes: reportAttributes(diff),
    });
  }
  return { summary: summarizeDiffs(diffs), changes };
}

function reportAttributes(diff: ResourceDiff): AttributeChange[] {
  switch (diff.changeType) {
    case 'added':
      return topLevelChanges(diff.newResource?.attributes, 'add');
    case 'removed':
      return topLevelChanges(diff.oldResource?.attributes, 'remove');
    default:
      return diff.attributeChanges.map(reportChange);
  }
}

function topLevelChanges(attributes: JsonObject | undefined, op: 'add' | 'remove'): AttributeChange[] {
  if (attributes === undefined) return [];
  return Object.keys(attributes)
    .sort(compareCodePoints)
    .map((key) => {
      const value = attributes[key] as JsonValue;
      return reportChange(op === 'add' ? { path: appendKey('', key), op, new: value } : { path: appendKey('', key), op, old: value });
    });
}

/** A fresh object with the keys in report order: path, op, old, new. */
function reportChange(change: AttributeChange): AttributeChange {
  const copy: { path: string; op: AttributeChange['op']; old?: JsonValue; new?: JsonValue } = { path: change.path, op: change.op };
  if (change.op !== 'add' && change.old !== undefined) copy.old = toCanonicalOrder(change.old);
  if (change.op !== 'remove' && change.new !== undefined) copy.new = toCanonicalOrder(change.new);
  return copy;
}
