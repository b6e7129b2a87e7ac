import { type WriteCount, WriteCounts, type WriteKind } from './write-counts.js';

/** A copy of the request counters at one moment. */
export interface EmulatorStatsSnapshot {
  /** Requests received under a DSS base path since the last reset. */
  totalRequests: number;
  /** Requests received and not yet answered. */
  inFlight: number;
  /** The highest `inFlight` seen since the last reset. */
  maxInFlight: number;
  /** Requests per `"<METHOD> <route pattern>"`, e.g. `"GET /projects/{projectKey}/datasets/"`. */
  byRoute: Record<string, number>;
  /** Successful API writes per object id (`dataset.P.d`…). */
  writes: Record<string, WriteCount>;
}

/**
 * Live request counters. A request is in flight from its arrival until its response is produced
 * (after latency, holds and faults; before the body is streamed).
 */
export class RequestStats {
  private total = 0;
  private current = 0;
  private max = 0;
  private routes = new Map<string, number>();
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly writeCounts = new WriteCounts();

  get totalRequests(): number {
    return this.total;
  }

  get inFlight(): number {
    return this.current;
  }

  get maxInFlight(): number {
    return this.max;
  }

  get byRoute(): Record<string, number> {
    return Object.fromEntries(this.routes);
  }

  /** The number of requests counted for `routeKey` (`"GET /projects/"`…), 0 if none. */
  count(routeKey: string): number {
    return this.routes.get(routeKey) ?? 0;
  }

  /**
   * How many times the API created, updated and deleted `objectId` (`project.P`, `dataset.P.d`,
   * `recipe.P.r`, `scenario.P.ID`, `managedfolder.P.id`) since the last reset; failed writes and
   * direct store calls are not counted.
   */
  writes(objectId: string): WriteCount {
    return this.writeCounts.of(objectId);
  }

  snapshot(): EmulatorStatsSnapshot {
    return { totalRequests: this.total, inFlight: this.current, maxInFlight: this.max, byRoute: this.byRoute, writes: this.writeCounts.all() };
  }

  /** Zeroes the counters; requests in flight stay counted in `inFlight` (and so in `maxInFlight`). */
  reset(): void {
    this.total = 0;
    this.max = this.current;
    this.routes = new Map();
    this.writeCounts.reset();
  }

  /** Resolves once at least `count` requests are in flight at the same time. */
  whenInFlight(count: number): Promise<void> {
    if (this.current >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** @internal Called by the emulator when a request arrives. */
  begin(routeKey: string): void {
    this.total += 1;
    this.routes.set(routeKey, (this.routes.get(routeKey) ?? 0) + 1);
    this.current += 1;
    this.max = Math.max(this.max, this.current);
    const ready = this.waiters.filter((waiter) => waiter.count <= this.current);
    this.waiters = this.waiters.filter((waiter) => waiter.count > this.current);
    for (const waiter of ready) waiter.resolve();
  }

  /** @internal Called by a route after a successful write. */
  recordWrite(kind: WriteKind, objectId: string): void {
    this.writeCounts.record(kind, objectId);
  }

  /** @internal Called by the emulator when a response is produced. */
  end(): void {
    this.current -= 1;
  }
}
