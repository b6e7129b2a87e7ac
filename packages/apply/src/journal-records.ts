import { DataikuIaCError, isJsonObject, type JsonObject, Resource, type ResourceJson } from '@dataiku-iac/models';
import type { PlanActionType } from '@dataiku-iac/plan';

/**
 * What an apply writes to its journal, in order: `begin` once, then for each action `intent`
 * before its first DSS write and `done` (with the object as read back, or `null` once deleted) or
 * `failed` after it. An `intent` without an outcome is an operation a crash interrupted: whether
 * it happened is found out from DSS.
 */
export type JournalRecord =
  | { readonly kind: 'begin'; readonly plan: string; readonly lineage: string | null; readonly startedAt: string }
  | { readonly kind: 'intent'; readonly resourceId: string; readonly action: PlanActionType }
  | { readonly kind: 'done'; readonly resourceId: string; readonly resource: Resource | null }
  | { readonly kind: 'failed'; readonly resourceId: string; readonly error: string };

export function toJson(record: JournalRecord): JsonObject {
  switch (record.kind) {
    case 'begin':
      return { kind: 'begin', plan: record.plan, lineage: record.lineage, started_at: record.startedAt };
    case 'intent':
      return { kind: 'intent', resource_id: record.resourceId, action: record.action };
    case 'done':
      return { kind: 'done', resource_id: record.resourceId, resource: record.resource === null ? null : (record.resource.toJSON() as unknown as JsonObject) };
    case 'failed':
      return { kind: 'failed', resource_id: record.resourceId, error: record.error };
  }
}

const ACTIONS = new Set(['create', 'update', 'replace', 'delete']);

/**
 * The records of a journal, as `ApplyJournal.read` returns them.
 * @throws DataikuIaCError (JOURNAL_CORRUPTED) for a record this version does not understand
 */
export function fromJson(records: readonly JsonObject[]): JournalRecord[] {
  return records.map((record, index) => {
    const invalid = (): never => {
      throw new DataikuIaCError('JOURNAL_CORRUPTED', `apply journal record ${index + 1} is not understood: ${JSON.stringify(record).slice(0, 200)}`, {
        hint: 'it was written by another version, or edited; move the journal aside, then run sync to record what DSS holds',
      });
    };
    const resourceId = typeof record.resource_id === 'string' ? record.resource_id : undefined;
    switch (record.kind) {
      case 'begin':
        if (typeof record.plan !== 'string' || typeof record.started_at !== 'string' || !(record.lineage === null || typeof record.lineage === 'string')) return invalid();
        return { kind: 'begin', plan: record.plan, lineage: record.lineage, startedAt: record.started_at };
      case 'intent':
        if (resourceId === undefined || typeof record.action !== 'string' || !ACTIONS.has(record.action)) return invalid();
        return { kind: 'intent', resourceId, action: record.action as PlanActionType };
      case 'done':
        if (resourceId === undefined || !(record.resource === null || isJsonObject(record.resource))) return invalid();
        try {
          return { kind: 'done', resourceId, resource: record.resource === null ? null : Resource.fromJSON(record.resource as unknown as ResourceJson) };
        } catch {
          return invalid();
        }
      case 'failed':
        if (resourceId === undefined || typeof record.error !== 'string') return invalid();
        return { kind: 'failed', resourceId, error: record.error };
      default:
        return invalid();
    }
  });
}

/** What a journal says of each action: its last record. */
export interface JournalSummary {
  readonly begin: Extract<JournalRecord, { kind: 'begin' }> | undefined;
  /** Actions whose outcome is recorded: the object read back (`null` once deleted). */
  readonly done: ReadonlyMap<string, Resource | null>;
  readonly failed: ReadonlyMap<string, string>;
  /** Actions begun whose outcome is unknown (a crash interrupted them). */
  readonly unknown: ReadonlyMap<string, PlanActionType>;
}

export function summarizeJournal(records: readonly JournalRecord[]): JournalSummary {
  let begin: JournalSummary['begin'];
  const done = new Map<string, Resource | null>();
  const failed = new Map<string, string>();
  const unknown = new Map<string, PlanActionType>();
  for (const record of records) {
    if (record.kind === 'begin') {
      begin ??= record;
      continue;
    }
    unknown.delete(record.resourceId);
    if (record.kind === 'intent') {
      done.delete(record.resourceId);
      failed.delete(record.resourceId);
      unknown.set(record.resourceId, record.action);
    } else if (record.kind === 'done') done.set(record.resourceId, record.resource);
    else failed.set(record.resourceId, record.error);
  }
  return { begin, done, failed, unknown };
}
