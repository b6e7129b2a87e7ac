import { describe, expect, it } from 'vitest';
import { CODE_RECIPE_TYPES } from '@dataiku-iac/sync-recipe';
import { CODE_FILE_EXTENSIONS, isCodeRecipeType } from './code-recipe-types.js';

describe('agreement with the sync packages', () => {
  it('code recipes are the types whose payload the sync keeps as code', () => {
    expect(Object.keys(CODE_FILE_EXTENSIONS).sort()).toEqual([...CODE_RECIPE_TYPES].sort());
    expect(isCodeRecipeType('python')).toBe(true);
    expect(isCodeRecipeType('grouping')).toBe(false);
    expect(isCodeRecipeType('toString')).toBe(false);
  });
});
