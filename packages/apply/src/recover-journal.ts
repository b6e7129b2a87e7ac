import type { State } from '@dataiku-iac/models';
import { recordInState } from './apply-plan.js';
import type { DssObjects } from './dss-objects.js';
import { fromJson, type JournalSummary, summarizeJournal } from './journal-records.js';
import type { JsonObject } from '@dataiku-iac/models';

export interface Recovery {
  /** What the interrupted apply did; pass it as `resumed` to go on with the same plan. */
  readonly journal: JournalSummary;
  /** Operations whose outcome was unknown and was read from DSS. */
  readonly checked: readonly string[];
}

/**
 * Bring `state` up to what an interrupted apply did: every outcome its journal records (the state
 * may have been saved before them), and for each operation a crash interrupted, what DSS holds now
 * (the object, managed, or its absence). Nothing is written to DSS.
 * @throws DataikuIaCError (JOURNAL_CORRUPTED) for records this version does not understand
 */
export async function recoverJournal(records: readonly JsonObject[], state: State, objects: DssObjects, deployedBy?: string): Promise<Recovery> {
  const journal = summarizeJournal(fromJson(records));
  for (const [resourceId, resource] of journal.done) {
    if (resource === null) recordInState(state, { resourceId, resourceType: typeOf(resourceId) }, null);
    else state.addResource(resource);
  }
  const checked = [...journal.unknown.keys()];
  await Promise.all(
    checked.map(async (resourceId) => {
      const object = await objects.read(resourceId);
      recordInState(state, { resourceId, resourceType: typeOf(resourceId) }, object?.resource ?? null, deployedBy);
    }),
  );
  return { journal, checked };
}

function typeOf(resourceId: string): 'project' | 'dataset' | 'recipe' {
  return resourceId.slice(0, resourceId.indexOf('.')) as 'project' | 'dataset' | 'recipe';
}
