import { describe, expect, it } from 'vitest';
import { escapeControls, formatValue, truncate } from './format-value.js';

describe('truncate', () => {
  it('keeps text that fits', () => {
    expect(truncate('abcde', 5)).toBe('abcde');
    expect(truncate('', 1)).toBe('');
    expect(truncate('x'.repeat(1000), Infinity)).toHaveLength(1000);
  });

  it('cuts to the limit, ellipsis included', () => {
    expect(truncate('abcdef', 5)).toBe('abcd…');
    expect(truncate('abcdef', 1)).toBe('…');
  });

  it('never splits a surrogate pair', () => {
    const text = 'abc\u{1F600}def'; // the emoji is code units 3 and 4
    expect(truncate(text, 5)).toBe('abc…'); // the cut would fall between the two halves
    expect(truncate(text, 6)).toBe('abc\u{1F600}…');
    expect(truncate('\u{1F600}\u{1F600}', 2)).toBe('…');
    expect(truncate('\u{1F600}\u{1F600}\u{1F600}', 4)).toBe('\u{1F600}…');
  });
});

describe('escapeControls', () => {
  it('escapes terminal control characters but keeps tabs and printable text', () => {
    expect(escapeControls('a\u001b[31mb\u009bc\u007f\u0000\r')).toBe('a\\u001b[31mb\\u009bc\\u007f\\u0000\\u000d');
    expect(escapeControls('tab\there é → 😀')).toBe('tab\there é → 😀');
  });
});

describe('formatValue', () => {
  it('writes compact one-line JSON with spaced separators', () => {
    expect(formatValue({ name: 'x', type: 'string' }, 80)).toBe('{"name": "x", "type": "string"}');
    expect(formatValue([1, [2, { a: null }], {}, []], 80)).toBe('[1, [2, {"a": null}], {}, []]');
    expect(formatValue('a, b\nc', 80)).toBe('"a, b\\nc"');
    expect(formatValue('café', 80)).toBe('"café"');
    expect(formatValue(true, 80)).toBe('true');
  });

  it('truncates long values and escapes control characters', () => {
    expect(formatValue('x'.repeat(100), 10)).toBe('"xxxxxxxx…');
    expect(formatValue('\u009b2J', 80)).toBe('"\\u009b2J"');
  });
});
