import { describe, expect, it } from 'vitest';
import { backoffDelay, isIdempotent, isRetryableStatus, retryAfterDelay } from './retry-policy.js';

describe('retry policy helpers', () => {
  it('knows which methods are idempotent', () => {
    expect(['GET', 'PUT', 'DELETE', 'POST'].map((method) => isIdempotent(method as 'GET'))).toEqual([true, true, true, false]);
  });

  it('retries 429 for every method and 502/503/504 for idempotent ones', () => {
    expect(isRetryableStatus('POST', 429)).toBe(true);
    expect(isRetryableStatus('POST', 503)).toBe(false);
    expect([429, 502, 503, 504, 500, 501, 404].map((status) => isRetryableStatus('DELETE', status))).toEqual([true, true, true, true, false, false, false]);
  });

  it('predicts the wait ky takes for Retry-After: seconds, HTTP-dates, timestamps, capped', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const wait = (headers: Record<string, string>, cap = 60_000): number | undefined => retryAfterDelay(new Headers(headers), cap, now);
    expect(wait({})).toBeUndefined();
    expect(wait({ 'Retry-After': '' })).toBeUndefined();
    expect(wait({ 'Retry-After': ' 12 ' })).toBe(12_000);
    expect(wait({ 'Retry-After': '1.5' })).toBe(1500);
    expect(wait({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT' })).toBe(30_000);
    expect(wait({ 'Retry-After': String((now + 20_000) / 1000) })).toBe(20_000); // epoch seconds
    expect(wait({ 'Retry-After': 'Wed, 31 Dec 2025 23:00:00 GMT' })).toBe(0);
    expect(wait({ 'Retry-After': '-5' })).toBe(0);
    expect(wait({ 'Retry-After': '3600' }, 5000)).toBe(5000);
    expect(wait({ 'Retry-After': 'later' }, 5000)).toBe(5000);
    expect(wait({ 'X-RateLimit-Reset': '2' })).toBe(2000);
    expect(retryAfterDelay(new Headers({ 'Retry-After': '5' }), 60_000)).toBe(5000);
  });

  it('backs off exponentially with full jitter, capped before the jitter', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, 500, 30_000, () => 0.999_999))).toEqual([499, 999, 1999, 3999]);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(15_000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0);
    const delay = backoffDelay(2, 100, 1000);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(200);
  });
});
