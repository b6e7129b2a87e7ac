import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports DatasetSync', () => {
    expect(Object.keys(api)).toEqual(['DatasetSync']);
  });
});
