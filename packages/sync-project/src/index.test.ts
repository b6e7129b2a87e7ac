import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports the sync interface, project sync and redaction helpers by name', () => {
    expect(Object.keys(api).sort()).toEqual([
      'DEFAULT_REDACTION_KEY',
      'ProjectSync',
      'REDACTION_MARKER_PREFIX',
      'arrayField',
      'booleanField',
      'buildResource',
      'fetchListed',
      'isCredentialKey',
      'isRedactionMarker',
      'objectField',
      'omitKeysDeep',
      'readExisting',
      'redactSecrets',
      'requireProjectKey',
      'stringField',
      'unlessNotFound',
    ]);
    expect(api.REDACTION_MARKER_PREFIX).toBe('redacted:hmac-sha256:');
  });
});
