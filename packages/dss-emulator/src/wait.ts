/** Waits `ms` milliseconds; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits until `performance.now()` reaches `deadline`, never less (timers may fire up to a
 * millisecond early against the clock); rejects with the signal's reason if it aborts first.
 */
export async function sleepUntil(deadline: number, signal: AbortSignal): Promise<void> {
  for (let remaining = deadline - performance.now(); remaining > 0; remaining = deadline - performance.now()) {
    await sleep(Math.ceil(remaining), signal);
  }
}

/** A handle on a hold placed with `RequestGate.hold()`. */
export interface Hold {
  /** Lets held requests go once no other hold remains. Idempotent. */
  release(): void;
}

/** Holds requests (while they count as in flight) until every hold is released. */
export class RequestGate {
  private holds = 0;
  private waiters: (() => void)[] = [];

  get held(): boolean {
    return this.holds > 0;
  }

  hold(): Hold {
    this.holds += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.holds -= 1;
        if (this.holds === 0) {
          const waiters = this.waiters;
          this.waiters = [];
          for (const resolve of waiters) resolve();
        }
      },
    };
  }

  /** Resolves when no hold remains; rejects if `signal` aborts first. */
  pass(signal: AbortSignal): Promise<void> {
    if (this.holds === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        reject(signal.reason as Error);
      };
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(done);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
