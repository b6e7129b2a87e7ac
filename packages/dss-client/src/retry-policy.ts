export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** The statuses worth repeating: rate limiting and a gateway or DSS that is briefly unavailable. */
export const RETRY_STATUS_CODES: readonly number[] = [429, 502, 503, 504];

/** GET, PUT and DELETE may be repeated safely; POST may not (contract decision 5). */
export function isIdempotent(method: HttpMethod): boolean {
  return method !== 'POST';
}

/** 429, 502, 503 and 504 are retried for idempotent requests; POST is retried only on 429. */
export function isRetryableStatus(method: HttpMethod, status: number): boolean {
  if (status === 429) return true;
  return isIdempotent(method) && RETRY_STATUS_CODES.includes(status);
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(cap, base × 2^(retry − 1))).
 * `retry` counts from 1. The cap applies before the jitter, so that long waits stay spread out.
 */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait ky 1.14.3 takes before retrying a response whose status is in `afterStatusCodes`
 * (`#calculateRetryDelay`), or `undefined` when no header asks for one and ky falls back to the
 * `delay` function. ky does not report the wait it chose; this predicts it, so that the request
 * event can announce the retry before the wait rather than after it.
 *
 * Delay-seconds, an HTTP-date, or a large number taken as a timestamp; an unreadable value waits
 * the cap; a date in the past retries at once.
 */
export function retryAfterDelay(headers: Headers, capMs: number, now: number = Date.now()): number | undefined {
  const header =
    headers.get('Retry-After') ??
    headers.get('RateLimit-Reset') ??
    headers.get('X-RateLimit-Retry-After') ??
    headers.get('X-RateLimit-Reset') ??
    headers.get('X-Rate-Limit-Reset');
  if (header === null || header === '') return undefined;
  let after = Number(header) * 1000;
  if (Number.isNaN(after)) after = Date.parse(header) - now;
  else if (after >= Date.parse('2024-01-01')) after -= now;
  const wait = after < capMs ? after : capMs;
  return Math.max(0, wait);
}
