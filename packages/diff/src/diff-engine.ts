import {
  compareCodePoints,
  InvalidArgumentError,
  type DiffReportJson,
  type DiffSummary,
  type Resource,
  type ResourceDiff,
  type State,
} from '@dataiku-iac/models';
import { toDiffReportJson } from './diff-report-json.js';
import { summarizeDiffs } from './diff-summary.js';
import { formatDiff, type FormatOptions } from './format-diff.js';
import { addedDiff, compareResources, removedDiff } from './resource-diff.js';

export interface DiffOptions {
  /** List unchanged resources (change type `unchanged`). Default true. */
  readonly includeUnchanged?: boolean;
}

/** Compares states resource by resource, and presents the result (spec section 10). */
export class DiffEngine {
  /**
   * The differences from `oldState` to `newState`, sorted by resource id. A resource present in
   * both is modified when its checksum differs; only then are its attributes compared.
   */
  diff(oldState: State, newState: State, options: DiffOptions = {}): ResourceDiff[] {
    const includeUnchanged = options.includeUnchanged ?? true;
    const oldIds = oldState.resourceIds();
    const newIds = newState.resourceIds();
    const diffs: ResourceDiff[] = [];
    let i = 0;
    let j = 0;
    while (i < oldIds.length || j < newIds.length) {
      const oldId = oldIds[i];
      const newId = newIds[j];
      const order = oldId === undefined ? 1 : newId === undefined ? -1 : compareCodePoints(oldId, newId);
      if (order < 0) {
        diffs.push(removedDiff(oldState.resources.get(oldId as string) as Resource));
        i++;
      } else if (order > 0) {
        diffs.push(addedDiff(newState.resources.get(newId as string) as Resource));
        j++;
      } else {
        const diff = compareResources(oldState.resources.get(oldId as string) as Resource, newState.resources.get(newId as string) as Resource);
        if (diff.changeType !== 'unchanged' || includeUnchanged) diffs.push(diff);
        i++;
        j++;
      }
    }
    return diffs;
  }

  /**
   * The difference for one resource: added when only `newResource` is given, removed when only
   * `oldResource` is, `undefined` when neither is.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) when the two resources have different ids
   */
  diffResources(oldResource: Resource | undefined, newResource: Resource | undefined): ResourceDiff | undefined {
    if (oldResource === undefined) return newResource === undefined ? undefined : addedDiff(newResource);
    if (newResource === undefined) return removedDiff(oldResource);
    if (oldResource.resourceId !== newResource.resourceId) {
      throw new InvalidArgumentError(`cannot compare ${oldResource.resourceId} with ${newResource.resourceId}`);
    }
    return compareResources(oldResource, newResource);
  }

  /** Counts of each change type. */
  summary(diffs: readonly ResourceDiff[]): DiffSummary {
    return summarizeDiffs(diffs);
  }

  /**
   * Human-readable text (no trailing newline). See `FormatOptions`.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for an invalid `maxValueLength`
   */
  formatOutput(diffs: readonly ResourceDiff[], options: FormatOptions = {}): string {
    return formatDiff(diffs, options);
  }

  /** The machine-readable report, plain JSON in a deterministic order. */
  toJSON(diffs: readonly ResourceDiff[]): DiffReportJson {
    return toDiffReportJson(diffs);
  }
}
