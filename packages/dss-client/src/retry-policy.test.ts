import { describe, expect, it } from 'vitest';
import { backoffDelay, isIdempotent, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

describe('retry policy helpers', () => {
  it('knows which methods are idempotent', () => {
    expect(['GET', 'PUT', 'DELETE', 'POST'].map((method) => isIdempotent(method as 'GET'))).toEqual([true, true, true, false]);
  });

  it('retries 429 for every method and 502/503/504 for idempotent ones', () => {
    expect(isRetryableStatus('POST', 429)).toBe(true);
    expect(isRetryableStatus('POST', 503)).toBe(false);
    expect([429, 502, 503, 504, 500, 501, 404].map((status) => isRetryableStatus('DELETE', status))).toEqual([true, true, true, true, false, false, false]);
  });

  it('parses Retry-After seconds and HTTP-dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(' 12 ', now)).toBe(12_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('later', now)).toBeUndefined();
    expect(parseRetryAfter('5', undefined)).toBe(5000);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, 500, 30_000, () => 0.999_999))).toEqual([499, 999, 1999, 3999]);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(15_000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0);
    const delay = backoffDelay(2, 100, 1000);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(200);
  });
});
