import { describe, expect, it } from 'vitest';
import { describeNetworkFailure } from './network-failure.js';

const HTTPS = new URL('https://dss.test');
const HTTP = new URL('http://dss.test:11200');

function fetchFailed(code: string | undefined, message = 'boom'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), code === undefined ? {} : { code }) });
}

describe('describeNetworkFailure', () => {
  it('names common socket errors and retries them', () => {
    expect(describeNetworkFailure(fetchFailed('ECONNREFUSED'), HTTPS)).toEqual({ failure: 'network', detail: 'connection refused', retryable: true });
    expect(describeNetworkFailure(fetchFailed('ECONNRESET'), HTTPS).detail).toBe('connection reset by the server');
    expect(describeNetworkFailure(fetchFailed('UND_ERR_SOCKET'), HTTPS).detail).toMatch(/socket hang-up/);
    expect(describeNetworkFailure(fetchFailed('EAI_AGAIN'), HTTPS).retryable).toBe(true);
  });

  it('does not retry an unknown host name', () => {
    expect(describeNetworkFailure(fetchFailed('ENOTFOUND'), HTTPS)).toEqual({ failure: 'network', detail: 'host name not found', retryable: false });
  });

  it('explains certificate failures without a remedy in the detail, and does not retry them', () => {
    expect(describeNetworkFailure(fetchFailed('CERT_HAS_EXPIRED', 'certificate has expired'), HTTPS)).toEqual({
      failure: 'tls',
      detail: 'TLS certificate not trusted (CERT_HAS_EXPIRED: certificate has expired)',
      remedy: 'set caFile to trust its CA, or insecure to skip verification',
      retryable: false,
    });
  });

  it('names a port blocked by the fetch standard and does not retry it', () => {
    expect(describeNetworkFailure(fetchFailed(undefined, 'bad port'), new URL('http://127.0.0.1:1'))).toEqual({
      failure: 'network',
      detail: 'port 1 is blocked by Node\'s fetch (a "bad port")',
      remedy: "use DSS's real port",
      retryable: false,
    });
    expect(describeNetworkFailure(fetchFailed(undefined, 'bad port'), HTTPS).detail).toMatch(/^port 443 /);
    expect(describeNetworkFailure(fetchFailed(undefined, 'bad port'), new URL('http://dss.test')).detail).toMatch(/^port 80 /);
  });

  it('does not retry an invalid URL', () => {
    const invalid = new TypeError('Failed to parse URL from http://a b/x', { cause: Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }) });
    expect(describeNetworkFailure(invalid, HTTP)).toEqual({ failure: 'network', detail: 'invalid URL (Invalid URL)', retryable: false });
  });

  it('suspects a plain-HTTP server behind an https:// URL', () => {
    const wrongVersion = describeNetworkFailure(fetchFailed('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number'), HTTPS);
    expect(wrongVersion).toEqual({
      failure: 'network',
      detail: 'the server does not speak TLS (SSL "wrong version number")',
      remedy: 'if DSS serves plain HTTP, use an http:// URL',
      retryable: false,
    });
    expect(describeNetworkFailure(fetchFailed('EPROTO', 'wrong version number'), HTTPS).retryable).toBe(false);
    const reset = describeNetworkFailure(fetchFailed('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'), HTTPS);
    expect(reset).toEqual({
      failure: 'network',
      detail: 'the connection closed during the TLS handshake',
      remedy: 'if DSS serves plain HTTP, use an http:// URL',
      retryable: true,
    });
    expect(describeNetworkFailure(fetchFailed('EPROTO', 'handshake failure'), HTTPS)).toMatchObject({ detail: 'protocol error', remedy: /plain HTTP/, retryable: true });
    expect(describeNetworkFailure(fetchFailed('ECONNRESET'), HTTP).remedy).not.toMatch(/plain HTTP/);
  });

  it('suspects an HTTPS server behind an http:// URL when the server hangs up', () => {
    expect(describeNetworkFailure(fetchFailed('UND_ERR_SOCKET', 'other side closed'), HTTP)).toEqual({
      failure: 'network',
      detail: 'the connection closed unexpectedly (socket hang-up)',
      remedy: 'if DSS serves HTTPS, use an https:// URL',
      retryable: true,
    });
    expect(describeNetworkFailure(fetchFailed('ECONNREFUSED'), HTTP).remedy).toBeUndefined();
    expect(describeNetworkFailure(fetchFailed('UND_ERR_SOCKET'), HTTPS).remedy).toBeUndefined();
  });

  it('suggests no other scheme once the server has answered', () => {
    expect(describeNetworkFailure(fetchFailed('UND_ERR_SOCKET', 'other side closed'), HTTP, true)).toEqual({
      failure: 'network',
      detail: 'the connection closed unexpectedly (socket hang-up)',
      retryable: true,
    });
    expect(describeNetworkFailure(fetchFailed('ECONNRESET'), HTTPS, true).remedy).toBeUndefined();
  });

  it('falls back to the messages for unknown errors', () => {
    expect(describeNetworkFailure(fetchFailed('EWHATEVER', 'odd'), HTTPS).detail).toBe('fetch failed: odd');
    expect(describeNetworkFailure(new Error('socket hang up'), HTTPS).detail).toBe('socket hang up');
    expect(describeNetworkFailure('plain string', HTTPS).detail).toBe('plain string');
    expect(describeNetworkFailure(Object.assign(new Error('x'), { code: 42 }), HTTPS).detail).toBe('x');
  });
});
