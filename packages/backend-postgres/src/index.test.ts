import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@dataiku-iac/backend-postgres', () => {
  it('exports its API by name', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BackendSchemaError',
      'BackendUnavailableError',
      'DEFAULT_SCHEMA',
      'PostgresBackend',
      'SCHEMA_VERSION',
      'assertEnvironmentName',
      'isPostgresUrl',
      'parseConnectionUrl',
    ]);
    expect(api.DEFAULT_SCHEMA).toBe('dataiku_iac');
    expect(api.SCHEMA_VERSION).toBe(1);
    expect(new api.BackendUnavailableError('L', 'down')).toMatchObject({ name: 'BackendUnavailableError', code: 'BACKEND_UNAVAILABLE', location: 'L' });
    expect(new api.BackendSchemaError('L', 3, 1)).toMatchObject({ name: 'BackendSchemaError', code: 'BACKEND_SCHEMA_UNSUPPORTED', version: 3 });
  });
});
