import { describe, expect, it } from 'vitest';
import * as diff from './index.js';

describe('public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(diff).sort()).toEqual([
      'DEFAULT_MAX_VALUE_LENGTH',
      'DiffEngine',
      'MAX_LINES_PER_CHANGE',
      'declaredDifferences',
      'diffAttributes',
      'formatAttributeChange',
      'formatPath',
      'hasChanges',
      'sameValue',
    ]);
    expect(diff.DEFAULT_MAX_VALUE_LENGTH).toBe(80);
    expect(diff.MAX_LINES_PER_CHANGE).toBe(20);
  });

  it('formatAttributeChange prints one change as formatDiff does, with its own indent', () => {
    expect(diff.formatAttributeChange({ path: 'a.b', op: 'replace', old: 1, new: 2 }, { indent: '  ' })).toEqual(['  ~ a.b: 1 → 2']);
    expect(diff.formatAttributeChange({ path: 'code', op: 'add', new: 'x = 1\ny = 2' })).toEqual(['    + code:', '        + x = 1', '        + y = 2']);
    const long = Array.from({ length: 25 }, (_, index) => `line ${index}`).join('\n');
    expect(diff.formatAttributeChange({ path: 'code', op: 'add', new: long }).at(-1)).toBe('        … 5 more lines');
    expect(diff.formatAttributeChange({ path: 'a', op: 'remove', old: 'x' })).toEqual(['    - a: "x"']);
    const hidden = { path: 'p', op: 'replace', old: { key: '(hidden)', note: 'say "(hidden)"' }, new: '(hidden)' } as const;
    expect(diff.formatAttributeChange(hidden, { placeholders: ['(hidden)'] })).toEqual(['    ~ p: {"key": (hidden), "note": "say \\"(hidden)\\""} → (hidden)']);
    expect(() => diff.formatAttributeChange({ path: 'a', op: 'remove', old: 'x' }, { maxValueLength: 0 })).toThrow('maxValueLength must be a positive integer or Infinity, got 0');
  });
});
