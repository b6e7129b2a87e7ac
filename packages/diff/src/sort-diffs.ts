import { compareCodePoints, type ResourceDiff } from '@dataiku-iac/models';

/** A copy sorted by resource id (code point order, as in state files). */
export function sortDiffs(diffs: readonly ResourceDiff[]): ResourceDiff[] {
  return [...diffs].sort((a, b) => compareCodePoints(a.resourceId, b.resourceId));
}
