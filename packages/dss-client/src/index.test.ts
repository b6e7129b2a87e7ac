import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports the client, its options and errors by name', () => {
    expect(Object.keys(api).sort()).toEqual([
      'CLIENT_VERSION',
      'DEFAULT_BASE_PATH',
      'DEFAULT_CONCURRENCY',
      'DEFAULT_MAX_RESPONSE_BYTES',
      'DEFAULT_MAX_RETRY_DELAY_MS',
      'DEFAULT_RETRIES',
      'DEFAULT_RETRY_DELAY_MS',
      'DEFAULT_TIMEOUT_MS',
      'DssApiError',
      'DssClient',
      'DssConfigError',
      'DssConnectionError',
      'DssResponseError',
      'dssPath',
      'isNotFound',
    ]);
    expect(api.DEFAULT_CONCURRENCY).toBe(10);
  });

  it('gives every error its code and name', () => {
    const config = new api.DssConfigError({ message: 'x', option: 'host', problem: 'p' });
    const response = new api.DssResponseError({ method: 'GET', path: '/p', problem: 'bad' });
    const connection = new api.DssConnectionError({ failure: 'network', host: 'h', method: 'GET', path: '/p', detail: 'd', attempts: 1 });
    expect([config, response, connection].map((error) => [error.name, error.code])).toEqual([
      ['DssConfigError', 'CONFIG_INVALID'],
      ['DssResponseError', 'DSS_RESPONSE_INVALID'],
      ['DssConnectionError', 'DSS_UNREACHABLE'],
    ]);
    expect(api.DssResponseError.isInstance(response)).toBe(true);
    expect(api.DssResponseError.isInstance(config)).toBe(false);
    expect(api.DssConnectionError.isInstance(connection)).toBe(true);
    expect(api.DssApiError.isInstance(connection)).toBe(false);
    expect(new api.DssConnectionError({ failure: 'timeout', host: 'h', method: 'PUT', path: '/p', detail: 'd', attempts: 1 }).message).toBe(
      'PUT /p timed out after 0 ms',
    );
  });
});
