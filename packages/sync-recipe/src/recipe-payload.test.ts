import { describe, expect, it } from 'vitest';
import { CODE_RECIPE_TYPES, payloadAttribute } from './recipe-payload.js';

describe('payloadAttribute', () => {
  it('keeps code as a string, even when it parses as JSON', () => {
    for (const type of CODE_RECIPE_TYPES) expect(payloadAttribute(type, '[1, 2]')).toBe('[1, 2]');
    expect(payloadAttribute('sql_query', 'SELECT 1')).toBe('SELECT 1');
  });

  it('parses JSON objects and arrays of other recipe types', () => {
    expect(payloadAttribute('grouping', '{"keys": [{"column": "customer"}], "globalCount": false}')).toEqual({ keys: [{ column: 'customer' }], globalCount: false });
    expect(payloadAttribute('CustomCode_my-plugin', '[{"a": 1}]')).toEqual([{ a: 1 }]);
  });

  it('keeps other text as it is', () => {
    expect(payloadAttribute('shaker', 'not json')).toBe('not json');
    expect(payloadAttribute('shaker', '42')).toBe('42');
    expect(payloadAttribute('shaker', '"quoted"')).toBe('"quoted"');
    expect(payloadAttribute('shaker', 'null')).toBe('null');
  });

  it('has no payload for absent, null or empty payloads', () => {
    expect(payloadAttribute('python', undefined)).toBeUndefined();
    expect(payloadAttribute('python', null)).toBeUndefined();
    expect(payloadAttribute('join', '')).toBeUndefined();
  });
});
