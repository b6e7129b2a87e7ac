import { type BeforeRequestHook, isHTTPError, type Options, type ShouldRetryState } from 'ky';
import type { AttemptFailure } from './attempt-failure.js';
import type { DssRequestEvent } from './client-config.js';
import { backoffDelay, RETRY_STATUS_CODES, retryAfterDelay } from './retry-policy.js';

export interface RequestAttemptsInit {
  readonly method: string;
  /** The request path relative to the host, with the query string, as events show it. */
  readonly path: string;
  readonly signal: AbortSignal | undefined;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Waits for a concurrency slot (rejecting with the signal's reason on abort); resolves with its release. */
  readonly acquire: (signal: AbortSignal | undefined) => Promise<() => void>;
  readonly describe: (error: unknown) => AttemptFailure;
  readonly emit: (event: DssRequestEvent) => void;
}

type EventOutcome = Pick<DssRequestEvent, 'status' | 'error' | 'retryInMs'>;

/**
 * The attempts of one request, as ky runs them. The first attempt's concurrency slot is taken
 * before ky is called (`firstSlot`), so that a request waiting for its turn has not been built yet:
 * a sync queues hundreds at once, and each built one holds a Request, signals and options until
 * it goes out. A retry takes its slot in the `beforeRequest` hook, so that ky's timeout starts only
 * once the request can go out; the slot is given back as soon as the attempt answered or failed,
 * before ky waits to retry. Each attempt is reported to `onRequest`
 * once: a retried one from the retry callbacks, just before ky waits (its `beforeRetry` hook runs
 * only after the wait), the last one when the request settles.
 */
export class RequestAttempts {
  readonly #init: RequestAttemptsInit;
  #attempt = 0;
  #reported = 0;
  #started = performance.now();
  #release: (() => void) | undefined;
  #described: { readonly error: unknown; readonly failure: AttemptFailure } | undefined;
  /** A retried failure waiting for ky to pick its backoff delay. */
  #backingOff: AttemptFailure | undefined;

  constructor(init: RequestAttemptsInit) {
    this.#init = init;
  }

  /** The per-request ky options: the slot hook and the retry callbacks (the rest of `retry` is the client's). */
  get kyOptions(): Pick<Options, 'hooks' | 'retry'> {
    return { hooks: { beforeRequest: [this.#beforeRequest] }, retry: { shouldRetry: this.#shouldRetry, delay: this.#delay } };
  }

  /**
   * Wait for the first attempt's slot (rejecting with the signal's reason on abort). Call it before
   * ky, and pass a rejection to `failed` like ky's.
   */
  async firstSlot(): Promise<void> {
    this.#started = performance.now();
    this.#release = await this.#init.acquire(this.#init.signal);
  }

  /** The request got a 2xx answer; `problem` when its body is unusable. */
  answered(status: number, problem?: string): void {
    this.#releaseSlot();
    this.#reportOnce({ status, ...(problem === undefined ? {} : { error: problem }) });
  }

  /** ky gave up: returns what to throw (the caller's abort reason, or our error for the last attempt). */
  failed(error: unknown): unknown {
    this.#releaseSlot();
    const { signal } = this.#init;
    if (signal?.aborted === true) {
      this.#reportOnce({ error: 'aborted' });
      return signal.reason;
    }
    const failure = this.#describe(error);
    const final = failure.error(Math.max(1, this.#attempt));
    this.#reportOnce({ ...(failure.status === undefined ? {} : { status: failure.status }), error: final.message });
    return final;
  }

  readonly #beforeRequest: BeforeRequestHook = async (_request, _options, { retryCount }) => {
    this.#attempt = retryCount + 1;
    if (retryCount === 0 && this.#release !== undefined) return; // taken by `firstSlot`
    this.#started = performance.now();
    this.#release = await this.#init.acquire(this.#init.signal);
  };

  /**
   * `false` for what must not be repeated (POST except on 429, permanent network failures, an
   * unusable body, an abort); otherwise `undefined`, so that ky applies its own rules: its status
   * codes, `Retry-After`, then `#delay`.
   */
  readonly #shouldRetry = ({ error }: ShouldRetryState): false | undefined => {
    this.#releaseSlot();
    if (this.#init.signal?.aborted === true) return false;
    const failure = this.#describe(error);
    if (!failure.retryable) return false;
    const retryAfter = isHTTPError(error) && RETRY_STATUS_CODES.includes(error.response.status)
      ? retryAfterDelay(error.response.headers, this.#init.maxRetryDelayMs)
      : undefined;
    if (retryAfter === undefined) this.#backingOff = failure;
    else this.#report(failure, retryAfter);
    return undefined;
  };

  /** ky's `retry.delay`: exponential backoff with full jitter, called right before ky waits. */
  readonly #delay = (retry: number): number => {
    const wait = backoffDelay(retry, this.#init.retryDelayMs, this.#init.maxRetryDelayMs);
    if (this.#backingOff !== undefined) this.#report(this.#backingOff, wait);
    this.#backingOff = undefined;
    return wait;
  };

  /** Describe each error once: `shouldRetry` and `failed` may both see the same one. */
  #describe(error: unknown): AttemptFailure {
    const described = this.#described;
    if (described !== undefined && described.error === error) return described.failure;
    const failure = this.#init.describe(error);
    this.#described = { error, failure };
    return failure;
  }

  #report(failure: AttemptFailure, retryInMs: number): void {
    const status = failure.status === undefined ? {} : { status: failure.status };
    this.#reportOnce({ ...status, error: failure.error(this.#attempt).message, retryInMs });
  }

  #reportOnce(outcome: EventOutcome): void {
    const attempt = Math.max(1, this.#attempt);
    if (this.#reported >= attempt) return;
    this.#reported = attempt;
    this.#init.emit({ method: this.#init.method, path: this.#init.path, attempt, durationMs: Math.round(performance.now() - this.#started), ...outcome });
  }

  #releaseSlot(): void {
    this.#release?.();
    this.#release = undefined;
  }
}
