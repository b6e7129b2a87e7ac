import { describe, expect, it } from 'vitest';
import * as diff from './index.js';

describe('public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(diff).sort()).toEqual([
      'DEFAULT_MAX_VALUE_LENGTH',
      'DiffEngine',
      'MAX_LINES_PER_CHANGE',
      'diffAttributes',
      'formatPath',
      'hasChanges',
    ]);
    expect(diff.DEFAULT_MAX_VALUE_LENGTH).toBe(80);
    expect(diff.MAX_LINES_PER_CHANGE).toBe(20);
  });
});
