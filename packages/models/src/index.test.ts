import { describe, expect, it } from 'vitest';
import * as models from './index.js';

describe('public API', () => {
  it('exports the documented names', () => {
    expect(Object.keys(models).sort()).toEqual([
      'CHECKSUM_PATTERN',
      'DEFAULT_REDACTION_KEY',
      'DataikuIaCError',
      'ENVIRONMENT_NAME_PATTERN',
      'InvalidArgumentError',
      'InvalidResourceIdError',
      'LockError',
      'MAX_JSON_DEPTH',
      'PROJECT_KEY_PATTERN',
      'REDACTION_MARKER_PREFIX',
      'RESOURCE_ID_PATTERN_SOURCE',
      'RESOURCE_NAME_PATTERN',
      'RESOURCE_TYPES',
      'Resource',
      'ResourceNotFoundError',
      'STATE_VERSION',
      'State',
      'StateConflictError',
      'StateCorruptedError',
      'StateLockedError',
      'StateNotFoundError',
      'StateReadError',
      'StateVersionError',
      'StateWriteError',
      'assertEnvironmentName',
      'canonicalJson',
      'compareCodePoints',
      'computeChecksum',
      'currentUser',
      'describeLockHolder',
      'formatTimestamp',
      'hasErrorCode',
      'hasNamePart',
      'isCredentialKey',
      'isJsonObject',
      'isRedactionMarker',
      'isResourceType',
      'isTimestamp',
      'isValidResourceId',
      'makeResourceId',
      'newLockInfo',
      'nowTimestamp',
      'oneLine',
      'parseResourceId',
      'parseTimestamp',
      'pythonNumber',
      'redactSecrets',
      'secretMarker',
      'secretPathText',
      'shorten',
      'toCanonicalOrder',
    ]);
  });

  it('assertEnvironmentName accepts 1-64 letters, digits, "_" and "-" only', () => {
    expect(() => { models.assertEnvironmentName('prod-eu_1'); }).not.toThrow();
    for (const bad of ['', '../prod', "x'; drop table", 'a'.repeat(65), 'a b', 'é', 'dev\n', 'a"b']) {
      expect(() => { models.assertEnvironmentName(bad); }).toThrow(/^invalid environment name /);
    }
  });

  it('isJsonObject accepts objects only', () => {
    expect(models.isJsonObject({})).toBe(true);
    expect(models.isJsonObject([])).toBe(false);
    expect(models.isJsonObject(null)).toBe(false);
    expect(models.isJsonObject('x')).toBe(false);
  });

  it('checksum pattern accepts 64 lower-case hex characters', () => {
    expect(models.CHECKSUM_PATTERN.test(models.computeChecksum({}))).toBe(true);
    expect(models.CHECKSUM_PATTERN.test('A'.repeat(64))).toBe(false);
  });
});
