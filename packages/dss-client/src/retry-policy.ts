export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** GET, PUT and DELETE may be repeated safely; POST may not (contract decision 5). */
export function isIdempotent(method: HttpMethod): boolean {
  return method !== 'POST';
}

/** 429, 502, 503 and 504 are retried for idempotent requests; POST is retried only on 429. */
export function isRetryableStatus(method: HttpMethod, status: number): boolean {
  if (status === 429) return true;
  return isIdempotent(method) && RETRYABLE_STATUSES.has(status);
}

/**
 * The delay a `Retry-After` header asks for, in milliseconds: either delay-seconds or an HTTP-date.
 * `undefined` when the header is absent or unreadable. Never negative.
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always has letters (`Wed, 21 Oct 2015 07:28:00 GMT`); Date.parse alone takes "-5" as a year.
  const date = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(cap, base × 2^(retry − 1))].
 * `retry` counts from 1.
 */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
