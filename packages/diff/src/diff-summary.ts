import type { DiffSummary, ResourceDiff } from '@dataiku-iac/models';

/** How many diffs there are of each change type. */
export function summarizeDiffs(diffs: readonly ResourceDiff[]): DiffSummary {
  const counts = { added: 0, removed: 0, modified: 0, unchanged: 0 };
  for (const diff of diffs) counts[diff.changeType]++;
  return counts;
}

/** True when any diff is added, removed or modified: what a CLI's "changes pending" exit code needs. */
export function hasChanges(diffs: readonly ResourceDiff[]): boolean {
  return diffs.some((diff) => diff.changeType !== 'unchanged');
}
