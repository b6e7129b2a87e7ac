import { describe, expect, it } from 'vitest';
import { formatTimestamp, isTimestamp, nowTimestamp, parseTimestamp } from './timestamp.js';

describe('formatTimestamp', () => {
  it('writes UTC with an explicit offset and milliseconds', () => {
    expect(formatTimestamp(new Date(Date.UTC(2026, 10, 22, 2, 38, 53, 340)))).toBe('2026-11-22T02:38:53.340+00:00');
  });

  it('rejects an invalid date', () => {
    expect(() => formatTimestamp(new Date(Number.NaN))).toThrow('invalid date');
  });

  it('nowTimestamp is readable by parseTimestamp', () => {
    const parsed = parseTimestamp(nowTimestamp());
    expect(parsed).toBeInstanceOf(Date);
    expect(Math.abs((parsed as Date).getTime() - Date.now())).toBeLessThan(5_000);
  });
});

describe('parseTimestamp', () => {
  const instant = Date.UTC(2025, 10, 24, 10, 30, 0, 123);

  it.each([
    ['2025-11-24T10:30:00.123+00:00', instant],
    ['2025-11-24T10:30:00.123Z', instant],
    ['2025-11-24T10:30:00.123z', instant],
    ['2025-11-24T10:30:00.123456', instant],
    ['2025-11-24T12:30:00.123+02:00', instant],
    ['2025-11-24T05:00:00.123-05:30', instant],
    ['2025-11-24 10:30:00.123', instant],
    ['2025-11-24T10:30:00', Date.UTC(2025, 10, 24, 10, 30, 0)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
  ])('reads %s', (text, expected) => {
    expect(parseTimestamp(text)?.getTime()).toBe(expected);
    expect(isTimestamp(text)).toBe(true);
  });

  it('reads years below 100 as themselves, not as 19xx', () => {
    expect(parseTimestamp('0099-01-01T00:00:00Z')?.getUTCFullYear()).toBe(99);
    expect(parseTimestamp('0000-02-29T00:00:00Z')?.getUTCFullYear()).toBe(0);
  });

  it.each([
    '2025-11-24',
    '2025-11-24T10:30',
    '2025-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-11-24T24:00:00Z',
    '2025-11-24T10:60:00Z',
    '2025-11-24T10:30:60Z',
    '2025-11-24T10:30:00+24:00',
    '2025-11-24T10:30:00+02:60',
    '2025-11-24T10:30:00+0200',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
    expect(isTimestamp(text)).toBe(false);
  });

  it('still rejects, right after accepting a timestamp, text that only resembles it', () => {
    expect(isTimestamp('2025-11-24T10:30:00.123+00:00')).toBe(true);
    expect(isTimestamp('2025-11-24T10:30:00.123+00:00')).toBe(true);
    expect(isTimestamp('2025-11-24T10:30:00.123+00:00 ')).toBe(false);
    expect(isTimestamp('2025-11-31T10:30:00.123+00:00')).toBe(false);
    expect(isTimestamp('')).toBe(false);
  });
});
