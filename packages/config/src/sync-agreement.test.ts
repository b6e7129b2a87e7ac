import { describe, expect, it } from 'vitest';
import { isRedactionMarker as syncIsRedactionMarker, redactSecrets } from '@dataiku-iac/sync-project';
import { CODE_RECIPE_TYPES } from '@dataiku-iac/sync-recipe';
import { CODE_FILE_EXTENSIONS, isCodeRecipeType } from './code-recipe-types.js';
import { isRedactionMarker } from './redaction-marker.js';

describe('agreement with the sync packages', () => {
  it('code recipes are the types whose payload the sync keeps as code', () => {
    expect(Object.keys(CODE_FILE_EXTENSIONS).sort()).toEqual([...CODE_RECIPE_TYPES].sort());
    expect(isCodeRecipeType('python')).toBe(true);
    expect(isCodeRecipeType('grouping')).toBe(false);
    expect(isCodeRecipeType('toString')).toBe(false);
  });

  it('redaction markers are the ones the sync writes', () => {
    const redacted = redactSecrets({ password: 'hunter2', token: 'abc' }, { resourceId: 'dataset.P.d' });
    const samples: unknown[] = [...Object.values(redacted), 'redacted:hmac-sha256:abc', `redacted:hmac-sha256:${'0'.repeat(33)}`, 'hunter2', 42, null];
    for (const sample of samples) expect(isRedactionMarker(sample)).toBe(syncIsRedactionMarker(sample));
    expect(Object.values(redacted).every(isRedactionMarker)).toBe(true);
  });
});
