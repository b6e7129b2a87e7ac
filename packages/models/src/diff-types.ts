import type { JsonValue } from './json.js';
import type { Resource } from './resource.js';
import type { ResourceType } from './resource-id.js';

export type ChangeType = 'added' | 'removed' | 'modified' | 'unchanged';

export type AttributeChangeOp = 'add' | 'remove' | 'replace';

/**
 * One change inside a resource's attributes. `path` names the value:
 * `formatParams.separator`, `schema.columns[2].type`, `params["odd key"]`.
 */
export interface AttributeChange {
  readonly path: string;
  readonly op: AttributeChangeOp;
  /** The value before; absent for `add`. */
  readonly old?: JsonValue;
  /** The value after; absent for `remove`. */
  readonly new?: JsonValue;
}

/** The spec's top-level view of a modified resource's attributes. */
export interface TopLevelAttributeDiff {
  readonly added: Readonly<Record<string, JsonValue>>;
  readonly removed: Readonly<Record<string, JsonValue>>;
  readonly modified: Readonly<Record<string, { readonly old: JsonValue; readonly new: JsonValue }>>;
}

export interface ResourceDiff {
  readonly changeType: ChangeType;
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly oldResource?: Resource;
  readonly newResource?: Resource;
  /** Deep changes, in path order; empty for unchanged resources. */
  readonly attributeChanges: readonly AttributeChange[];
  /** The spec's `{added, removed, modified}` view; present for modified resources. */
  readonly attributeDiffs?: TopLevelAttributeDiff;
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly modified: number;
  readonly unchanged: number;
}

/** The machine-readable diff (`--json`). */
export interface DiffReportJson {
  readonly summary: DiffSummary;
  readonly changes: readonly {
    readonly resource_id: string;
    readonly resource_type: ResourceType;
    readonly change: Exclude<ChangeType, 'unchanged'>;
    readonly attributes: readonly AttributeChange[];
  }[];
}
