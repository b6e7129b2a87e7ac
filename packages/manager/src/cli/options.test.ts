import { describe, expect, it } from 'vitest';
import { parseConcurrency, parseTimeout } from './options.js';

describe('option values', () => {
  it('--concurrency takes a whole number from 1 to 256', () => {
    expect(parseConcurrency('1')).toBe(1);
    expect(parseConcurrency('256')).toBe(256);
    for (const bad of ['0', '-3', '257', '1.5', 'ten', '']) expect(() => parseConcurrency(bad)).toThrow(`--concurrency expects a whole number from 1 to 256, not ${JSON.stringify(bad)}`);
  });

  it('--timeout takes a duration longer than 0', () => {
    expect(parseTimeout('30s')).toBe(30_000);
    expect(parseTimeout('1.5')).toBe(1_500);
    expect(() => parseTimeout('0ms')).toThrow('--timeout must be longer than 0, not "0ms"');
    expect(() => parseTimeout('soon')).toThrow('--timeout expects a duration such as 30s, 5m or 500ms, not "soon"');
  });
});
