import { DataikuIaCError, oneLine, type JsonObject, nowTimestamp, type Resource, type SaveResult, type State, type StateBackend } from '@dataiku-iac/models';
import { compareDeclared, type Plan, type PlanAction } from '@dataiku-iac/plan';
import type { DssObject, DssObjects } from './dss-objects.js';
import { afterIntent } from './after-intent.js';
import { Checkpoints } from './checkpoints.js';
import { ApplyError } from './errors/apply-error.js';
import { StalePlanError } from './errors/stale-plan-error.js';
import type { JournalSummary } from './journal-records.js';
import { JournalWriter } from './journal-writer.js';
import { withSecretValues } from './merge-declared.js';
import { planDigest } from './plan-digest.js';
import { runScheduled, type ScheduledOutcome } from './scheduler.js';

export interface ApplyOptions {
  readonly plan: Plan;
  /** The saved state, loaded under the lock the caller holds for the whole apply. */
  readonly state: State;
  /** Where the state and the journal live (its lock held by the caller). */
  readonly backend: StateBackend;
  readonly objects: DssObjects;
  /** Secret values by resource id, resolved from the environment now (never stored). */
  readonly secrets: (resourceId: string) => readonly { readonly path: readonly (string | number)[]; readonly value: string }[];
  /** What an interrupted apply of this same plan already did (see `recoverJournal`). */
  readonly resumed?: JournalSummary | undefined;
  /**
   * Actions run at once at most (default 10). Requests in flight are bounded by the client: with
   * more actions than request slots, a slot one action frees (while it records its outcome) is
   * taken at once by another's request.
   */
  readonly concurrency?: number | undefined;
  /** Keep independent actions going after a failure. Default false: nothing new starts. */
  readonly continueOnError?: boolean | undefined;
  /** Save the state every this many recorded actions (default 25); the journal covers the rest. */
  readonly checkpointEvery?: number | undefined;
  /** `deployed_by` of what is written. */
  readonly deployedBy?: string | undefined;
  readonly redactionKey?: string | undefined;
  /** Aborting stops starting actions; those in flight finish and are recorded. */
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: ApplyEvent) => void) | undefined;
}

export type ApplyEvent =
  | { readonly kind: 'start'; readonly action: PlanAction }
  | { readonly kind: 'done'; readonly action: PlanAction; readonly durationMs: number }
  | { readonly kind: 'failed'; readonly action: PlanAction; readonly error: string };

export interface ApplyResult {
  /** Actions done (including those an interrupted apply had done), in plan order. */
  readonly done: readonly PlanAction[];
  readonly failed: readonly { readonly action: PlanAction; readonly error: string }[];
  /** Actions that did not start, and why (a failure they depend on, an earlier failure, an interruption). */
  readonly notStarted: readonly { readonly action: PlanAction; readonly reason: string }[];
  /** The state as saved at the end: exactly what was done. */
  readonly state: State;
  readonly saved: SaveResult;
}

/**
 * Carry out a plan: each action re-reads its object and refuses to write when it changed since the
 * plan (lost-update protection), writes, reads the object back and records it in the state as
 * DSS holds it, marked managed. Every DSS write is preceded by a durable journal record of the
 * intent and followed by its outcome, so that an apply killed at any moment can be resumed.
 * Writes run in dependency order, at most `concurrency` at once; deletes after them, in reverse.
 */
export async function applyPlan(options: ApplyOptions): Promise<ApplyResult> {
  const { plan, state, objects } = options;
  const journal = new JournalWriter(options.backend.journal);
  const resumed = options.resumed;
  if (resumed?.begin === undefined) await journal.append({ kind: 'begin', plan: planDigest(plan), lineage: state.lineage, startedAt: nowTimestamp() });
  const checkpointEvery = options.checkpointEvery ?? 100;
  const checkpoints = new Checkpoints(options.backend, state);
  let unsaved = 0;
  // An outcome is recorded in the state at once, and in the journal in the background: until its
  // record is durable the action's intent is, and a resume reads DSS for it. What needs the action
  // does not wait for that fsync.
  const outcomesJournaled: Promise<void>[] = [];
  let journalError: Error | undefined;
  const record = (action: PlanAction, resource: Resource | null): void => {
    const recorded = recordInState(state, action, resource, options.deployedBy);
    const journaled = journal.append({ kind: 'done', resourceId: action.resourceId, resource: recorded }).catch((error: unknown) => {
      journalError ??= error instanceof Error ? error : new Error(String(error));
    });
    outcomesJournaled.push(journaled);
    if (++unsaved >= checkpointEvery) {
      unsaved = 0;
      checkpoints.request();
    }
  };

  const execute = async (action: PlanAction): Promise<void> => {
    // A state that cannot be saved, or a journal that cannot be written, stops the apply: nothing new starts.
    if (checkpoints.error !== undefined) throw checkpoints.error;
    if (journalError !== undefined) throw journalError;
    const secrets = options.secrets(action.resourceId);
    const attributes = action.desired === undefined ? undefined : withSecretValues(action.desired, secrets);
    const intent = journal.append({ kind: 'intent', resourceId: action.resourceId, action: action.action });
    // Settled here too, so that a failed append is never an unhandled rejection while a read is on the wire.
    intent.catch(() => undefined);
    const context: PerformContext = { resumed: resumed?.unknown.has(action.resourceId) === true, redactionKey: options.redactionKey, secrets };
    let written: DssObject | undefined;
    try {
      written = await perform(action, attributes, afterIntent(objects, intent), context);
      await intent;
    } catch (error) {
      await intent;
      // A write whose outcome is unknown may have happened all the same: DSS says.
      const after = isAmbiguous(error) && action.desired !== undefined ? await objects.read(action.resourceId).catch(() => undefined) : undefined;
      if (after === undefined || !matches(action, after, context)) {
        await journal.append({ kind: 'failed', resourceId: action.resourceId, error: describe(error) });
        throw error;
      }
      written = after;
    }
    record(action, written?.resource ?? null);
  };

  const alreadyDone = new Set(resumed === undefined ? [] : [...resumed.done.keys()]);
  const outcomes = await runScheduled(plan.actions, {
    run: execute,
    skip: (action) => alreadyDone.has(action.resourceId),
    concurrency: options.concurrency ?? 10,
    continueOnError: options.continueOnError === true,
    signal: options.signal,
    onStart: (action) => options.onEvent?.({ kind: 'start', action }),
    onDone: (action, durationMs) => options.onEvent?.({ kind: 'done', action, durationMs }),
    onFailed: (action, error) => options.onEvent?.({ kind: 'failed', action, error: describe(error) }),
  });
  await Promise.all(outcomesJournaled);
  const saved = await checkpoints.final();
  const result = summarize(outcomes, state, saved);
  if (result.failed.length === 0 && result.notStarted.length === 0) await options.backend.journal.clear();
  return result;
}

interface PerformContext {
  /** The action was begun by an interrupted apply: the object may already be as planned. */
  readonly resumed: boolean;
  readonly redactionKey: string | undefined;
  readonly secrets: readonly { readonly path: readonly (string | number)[]; readonly value: string }[];
}

/** The DSS writes of one action; the object as read back afterwards (`undefined` once deleted). */
async function perform(action: PlanAction, attributes: JsonObject | undefined, objects: DssObjects, context: PerformContext): Promise<DssObject | undefined> {
  const id = action.resourceId;
  const current = await objects.read(id);
  if (action.action === 'delete') {
    if (current === undefined) return undefined;
    checkFingerprint(action, current);
    await objects.delete(id);
    return undefined;
  }
  const declared = attributes as JsonObject;
  if (context.resumed && current !== undefined && matches(action, current, context)) return current;
  if (action.action === 'create' || (action.action === 'replace' && context.resumed && current === undefined)) {
    if (current !== undefined && !context.resumed) throw new StalePlanError(`${id} was created in DSS since the plan was made`);
    if (current === undefined) await create(id, declared, objects);
    return complete(action, declared, objects, context);
  }
  if (current === undefined) throw new StalePlanError(`${id} was deleted in DSS since the plan was made`);
  checkFingerprint(action, current);
  if (action.action === 'replace') {
    await objects.delete(id);
    await create(id, declared, objects);
    return complete(action, declared, objects, context);
  }
  await objects.update(id, current, declared);
  return readBack(id, objects);
}

/**
 * Create; when the request fails in a way that leaves it unknown whether DSS created the object
 * (a dropped connection, a timeout, a 5xx), find out by reading it rather than creating it twice.
 */
async function create(id: string, attributes: JsonObject, objects: DssObjects): Promise<void> {
  try {
    await objects.create(id, attributes);
  } catch (error) {
    if (!isAmbiguous(error) || (await objects.read(id)) === undefined) throw error;
  }
}

/** After a create, write what DSS did not take at creation (e.g. a visual recipe's payload). */
async function complete(action: PlanAction, attributes: JsonObject, objects: DssObjects, context: PerformContext): Promise<DssObject> {
  const created = await readBack(action.resourceId, objects);
  if (matches(action, created, context)) return created;
  await objects.update(action.resourceId, created, attributes);
  return readBack(action.resourceId, objects);
}

async function readBack(id: string, objects: DssObjects): Promise<DssObject> {
  const object = await objects.read(id);
  if (object === undefined) throw new ApplyError(id, `${id} was written, but DSS does not show it when read back`);
  return object;
}

function matches(action: PlanAction, object: DssObject, context: PerformContext): boolean {
  if (action.desired === undefined) return false;
  // Listed field by field: a configuration's secret value is not enumerable (a spread would drop it).
  const secrets = context.secrets.map((secret) => ({ path: secret.path, variable: '', value: secret.value }));
  return compareDeclared(action.desired, object.resource.attributes, { resourceId: action.resourceId, secrets, redactionKey: context.redactionKey }).length === 0;
}

function checkFingerprint(action: PlanAction, current: DssObject): void {
  if (current.resource.metadata.checksum !== action.fingerprint) {
    throw new StalePlanError(`${action.resourceId} changed in DSS since the plan was made`);
  }
}

/** A failure after which DSS may or may not have done the write. */
function isAmbiguous(error: unknown): boolean {
  if (!DataikuIaCError.isInstance(error)) return false;
  if (error.code === 'DSS_UNREACHABLE' || error.code === 'DSS_RESPONSE_INVALID') return true;
  const status = (error as DataikuIaCError & { status?: unknown }).status;
  return error.code === 'DSS_HTTP' && typeof status === 'number' && status >= 500;
}

/** Record an action's outcome in the state: the object as read back, managed; or its removal. */
export function recordInState(state: State, action: Pick<PlanAction, 'resourceId' | 'resourceType'>, object: Resource | null, deployedBy?: string): Resource | null {
  if (object === null) {
    state.removeResource(action.resourceId);
    if (action.resourceType === 'project') {
      const projectKey = action.resourceId.slice('project.'.length);
      for (const resource of state.listResources()) if (resource.projectKey === projectKey) state.removeResource(resource.resourceId);
    }
    return null;
  }
  const recorded = object.withMetadata({ managed: true, deployedAt: nowTimestamp(), ...(deployedBy === undefined ? {} : { deployedBy }) });
  state.addResource(recorded);
  return recorded;
}

function summarize(outcomes: readonly ScheduledOutcome<PlanAction>[], state: State, saved: SaveResult): ApplyResult {
  return {
    done: outcomes.filter((outcome) => outcome.status === 'done' || outcome.status === 'skipped').map((outcome) => outcome.item),
    failed: outcomes.flatMap((outcome) => (outcome.status === 'failed' ? [{ action: outcome.item, error: describe(outcome.error) }] : [])),
    notStarted: outcomes.flatMap((outcome) => (outcome.status === 'not-started' ? [{ action: outcome.item, reason: outcome.reason }] : [])),
    state,
    saved,
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = DataikuIaCError.isInstance(error) && error.hint !== undefined ? `; ${error.hint}` : '';
  return oneLine(`${message}${hint}`);
}
