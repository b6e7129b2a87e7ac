interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

/** A counting semaphore with a FIFO queue; waiting can be aborted. */
export class Semaphore {
  #available: number;
  readonly #queue: Waiter[] = [];

  constructor(permits: number) {
    this.#available = permits;
  }

  /** Resolves with a release function once a permit is free; rejects with the signal's reason on abort. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.#available > 0) {
      this.#available--;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason as Error); // the abort reason, as fetch does (a DOMException unless the caller chose another)
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      // Hand the permit straight to the next waiter, so it cannot be taken by a newcomer.
      if (next === undefined) this.#available++;
      else next.resolve();
    };
  }
}
