import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports RecipeSync and the payload rule', () => {
    expect(Object.keys(api).sort()).toEqual(['CODE_RECIPE_TYPES', 'RecipeSync', 'payloadAttribute']);
  });
});
