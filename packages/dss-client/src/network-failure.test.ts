import { describe, expect, it } from 'vitest';
import { describeNetworkFailure } from './network-failure.js';

function fetchFailed(code: string, message = 'boom'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('describeNetworkFailure', () => {
  it('names common socket errors and retries them', () => {
    expect(describeNetworkFailure(fetchFailed('ECONNREFUSED'))).toEqual({ failure: 'network', detail: 'connection refused', retryable: true });
    expect(describeNetworkFailure(fetchFailed('ECONNRESET')).detail).toBe('connection reset by the server');
    expect(describeNetworkFailure(fetchFailed('UND_ERR_SOCKET')).detail).toMatch(/socket hang-up/);
    expect(describeNetworkFailure(fetchFailed('EAI_AGAIN')).retryable).toBe(true);
  });

  it('does not retry an unknown host name', () => {
    expect(describeNetworkFailure(fetchFailed('ENOTFOUND'))).toEqual({ failure: 'network', detail: 'host name not found', retryable: false });
  });

  it('explains certificate failures and does not retry them', () => {
    const described = describeNetworkFailure(fetchFailed('CERT_HAS_EXPIRED', 'certificate has expired'));
    expect(described.failure).toBe('tls');
    expect(described.retryable).toBe(false);
    expect(described.detail).toBe('TLS certificate not trusted (CERT_HAS_EXPIRED: certificate has expired); set caFile to trust its CA, or insecure to skip verification');
  });

  it('falls back to the messages for unknown errors', () => {
    expect(describeNetworkFailure(fetchFailed('EWHATEVER', 'odd')).detail).toBe('fetch failed: odd');
    expect(describeNetworkFailure(new Error('socket hang up')).detail).toBe('socket hang up');
    expect(describeNetworkFailure('plain string').detail).toBe('plain string');
    expect(describeNetworkFailure(Object.assign(new Error('x'), { code: 42 })).detail).toBe('x');
  });
});
