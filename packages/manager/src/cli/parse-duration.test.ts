import { describe, expect, it } from 'vitest';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['30', 30_000],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['500ms', 500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    [' 10s ', 10_000],
  ])('%j → %d ms', (text, expected) => {
    expect(parseDuration(text, '--lock-timeout')).toBe(expected);
  });

  it.each(['', 's', '-1s', '10 s', '1d', 'soon'])('rejects %j', (text) => {
    expect(() => parseDuration(text, '--lock-timeout')).toThrow(`--lock-timeout expects a duration such as 30s, 5m or 500ms, not ${JSON.stringify(text)}`);
  });
});
