import { describe, expect, it } from 'vitest';
import { describeNetworkFailure } from './network-failure.js';

const HTTPS = new URL('https://dss.test');
const HTTP = new URL('http://dss.test:11200');

/** A network error as Node's http client raises it: the error itself carries the code. */
function failed(code: string | undefined, message = 'boom'): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('describeNetworkFailure', () => {
  it('names common socket errors and retries them', () => {
    expect(describeNetworkFailure(failed('ECONNREFUSED'), HTTPS)).toEqual({ failure: 'network', detail: 'connection refused', retryable: true });
    expect(describeNetworkFailure(failed('ECONNRESET'), HTTPS).detail).toBe('connection reset by the server');
    expect(describeNetworkFailure(failed('ECONNRESET', 'socket hang up'), HTTPS).detail).toBe('the connection closed unexpectedly (socket hang-up)');
    expect(describeNetworkFailure(failed('EAI_AGAIN'), HTTPS).retryable).toBe(true);
  });

  it('does not retry an unknown host name', () => {
    expect(describeNetworkFailure(failed('ENOTFOUND'), HTTPS)).toEqual({ failure: 'network', detail: 'host name not found', retryable: false });
  });

  it('explains certificate failures without a remedy in the detail, and does not retry them', () => {
    expect(describeNetworkFailure(failed('CERT_HAS_EXPIRED', 'certificate has expired'), HTTPS)).toEqual({
      failure: 'tls',
      detail: 'TLS certificate not trusted (CERT_HAS_EXPIRED: certificate has expired)',
      remedy: 'set caFile to trust its CA, or insecure to skip verification',
      retryable: false,
    });
  });

  it('does not retry an invalid URL', () => {
    const invalid = new TypeError('Failed to parse URL from http://a b/x', { cause: Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }) });
    expect(describeNetworkFailure(invalid, HTTP)).toEqual({ failure: 'network', detail: 'invalid URL (Invalid URL)', retryable: false });
  });

  it('suspects a plain-HTTP server behind an https:// URL', () => {
    const wrongVersion = describeNetworkFailure(failed('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number'), HTTPS);
    expect(wrongVersion).toEqual({
      failure: 'network',
      detail: 'the server does not speak TLS (SSL "wrong version number")',
      remedy: 'if DSS serves plain HTTP, use an http:// URL',
      retryable: false,
    });
    expect(describeNetworkFailure(failed('EPROTO', 'wrong version number'), HTTPS).retryable).toBe(false);
    const reset = describeNetworkFailure(failed('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'), HTTPS);
    expect(reset).toEqual({
      failure: 'network',
      detail: 'the connection closed during the TLS handshake',
      remedy: 'if DSS serves plain HTTP, use an http:// URL',
      retryable: true,
    });
    expect(describeNetworkFailure(failed('EPROTO', 'handshake failure'), HTTPS)).toMatchObject({ detail: 'protocol error', remedy: /plain HTTP/, retryable: true });
    expect(describeNetworkFailure(failed('ECONNRESET'), HTTP).remedy).not.toMatch(/plain HTTP/);
  });

  it('suspects an HTTPS server behind an http:// URL when the server hangs up', () => {
    expect(describeNetworkFailure(failed('ECONNRESET', 'socket hang up'), HTTP)).toEqual({
      failure: 'network',
      detail: 'the connection closed unexpectedly (socket hang-up)',
      remedy: 'if DSS serves HTTPS, use an https:// URL',
      retryable: true,
    });
    expect(describeNetworkFailure(failed('ECONNREFUSED'), HTTP).remedy).toBeUndefined();
    expect(describeNetworkFailure(failed('ECONNRESET', 'socket hang up'), HTTPS).remedy).toBeUndefined();
  });

  it('suggests no other scheme once the server has answered', () => {
    expect(describeNetworkFailure(failed('ECONNRESET', 'socket hang up'), HTTP, true)).toEqual({
      failure: 'network',
      detail: 'the connection closed unexpectedly (socket hang-up)',
      retryable: true,
    });
    expect(describeNetworkFailure(failed('ECONNRESET'), HTTPS, true).remedy).toBeUndefined();
  });

  it('falls back to the messages for unknown errors', () => {
    expect(describeNetworkFailure(failed('EWHATEVER', 'odd'), HTTPS).detail).toBe('odd');
    expect(describeNetworkFailure(new TypeError('outer', { cause: failed('EWHATEVER', 'odd') }), HTTPS).detail).toBe('outer: odd');
    expect(describeNetworkFailure('plain string', HTTPS).detail).toBe('plain string');
    expect(describeNetworkFailure(Object.assign(new Error('x'), { code: 42 }), HTTPS).detail).toBe('x');
  });
});
