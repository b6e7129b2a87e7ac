/** Something to run, with the ids of what must be done first. */
export interface Schedulable {
  readonly resourceId: string;
  readonly action: string;
  readonly after: readonly string[];
}

export type ScheduledOutcome<T> =
  | { readonly item: T; readonly status: 'done' | 'skipped' }
  | { readonly item: T; readonly status: 'failed'; readonly error: unknown }
  | { readonly item: T; readonly status: 'not-started'; readonly reason: string };

export interface ScheduleOptions<T> {
  readonly run: (item: T) => Promise<void>;
  /** Items already done elsewhere (they count as done and are not run). */
  readonly skip?: ((item: T) => boolean) | undefined;
  readonly concurrency: number;
  /** Keep starting items that do not depend on a failed one. Default: start nothing after a failure. */
  readonly continueOnError: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onStart?: ((item: T) => void) | undefined;
  readonly onDone?: ((item: T, durationMs: number) => void) | undefined;
  readonly onFailed?: ((item: T, error: unknown) => void) | undefined;
}

/**
 * Run items in two phases, writes then deletes (`action === 'delete'`), each item once all its
 * `after` items of the same phase are done, at most `concurrency` at once. A failure lets the
 * running items finish; what depends on it never starts, nor anything else unless
 * `continueOnError`. Deletes start only once every write succeeded (or, with `continueOnError`,
 * ended). Aborting the signal starts nothing more. Outcomes come back in `items`' order.
 */
export async function runScheduled<T extends Schedulable>(items: readonly T[], options: ScheduleOptions<T>): Promise<ScheduledOutcome<T>[]> {
  const outcomes = new Map<string, ScheduledOutcome<T>>();
  const writes = items.filter((item) => item.action !== 'delete');
  const deletes = items.filter((item) => item.action === 'delete');
  await runPhase(writes, options, outcomes);
  const writeFailed = writes.some((item) => outcomes.get(item.resourceId)?.status !== 'done' && outcomes.get(item.resourceId)?.status !== 'skipped');
  if (writeFailed && !options.continueOnError) {
    for (const item of deletes) outcomes.set(item.resourceId, { item, status: 'not-started', reason: stopReason(options, 'writes failed') });
  } else {
    await runPhase(deletes, options, outcomes);
  }
  return items.map((item) => outcomes.get(item.resourceId) as ScheduledOutcome<T>);
}

function stopReason<T>(options: ScheduleOptions<T>, failure: string): string {
  return options.signal?.aborted === true ? 'interrupted' : `not started: ${failure}`;
}

async function runPhase<T extends Schedulable>(items: readonly T[], options: ScheduleOptions<T>, outcomes: Map<string, ScheduledOutcome<T>>): Promise<void> {
  const pending = new Map(items.map((item) => [item.resourceId, item]));
  const inPhase = new Set(pending.keys());
  let running = 0;
  const failure = { stopped: false };
  let wake: (() => void) | undefined;
  const settled = (): void => {
    wake?.();
  };
  const blockedBy = (item: T): string | undefined =>
    item.after.find((id) => inPhase.has(id) && outcomes.has(id) && outcomes.get(id)?.status !== 'done' && outcomes.get(id)?.status !== 'skipped');
  const ready = (item: T): boolean => item.after.every((id) => !inPhase.has(id) || outcomes.get(id)?.status === 'done' || outcomes.get(id)?.status === 'skipped');
  for (;;) {
    for (const item of [...pending.values()]) {
      const blocker = blockedBy(item);
      if (blocker !== undefined) {
        pending.delete(item.resourceId);
        const outcome = outcomes.get(blocker);
        outcomes.set(item.resourceId, { item, status: 'not-started', reason: `not started: it needs ${blocker}, which ${outcome?.status === 'failed' ? 'failed' : 'did not start'}` });
      }
    }
    if (options.signal?.aborted === true || failure.stopped) {
      for (const item of pending.values()) outcomes.set(item.resourceId, { item, status: 'not-started', reason: stopReason(options, 'an earlier action failed') });
      pending.clear();
    }
    for (const item of [...pending.values()]) {
      if (running >= options.concurrency) break;
      if (!ready(item)) continue;
      pending.delete(item.resourceId);
      if (options.skip?.(item) === true) {
        outcomes.set(item.resourceId, { item, status: 'skipped' });
        continue;
      }
      running++;
      options.onStart?.(item);
      const started = performance.now();
      void options.run(item).then(
        () => {
          outcomes.set(item.resourceId, { item, status: 'done' });
          options.onDone?.(item, performance.now() - started);
        },
        (error: unknown) => {
          outcomes.set(item.resourceId, { item, status: 'failed', error });
          options.onFailed?.(item, error);
          if (!options.continueOnError) failure.stopped = true;
        },
      ).finally(() => {
        running--;
        settled();
      });
    }
    if (pending.size === 0 && running === 0) return;
    if ([...pending.values()].some((item) => ready(item)) && running < options.concurrency) continue;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
}
