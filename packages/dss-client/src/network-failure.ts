import type { DssConnectionFailure } from './errors/dss-connection-error.js';

export interface NetworkFailure {
  readonly failure: DssConnectionFailure;
  /** What happened, without a remedy (`connection refused`, `TLS certificate not trusted (…)`). */
  readonly detail: string;
  /** What to do or check, in this library's words; absent when there is nothing specific to say. */
  readonly remedy?: string;
  /** False for failures that repeating cannot fix (a blocked port, an unknown host, an untrusted certificate…). */
  readonly retryable: boolean;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  EPROTO: 'protocol error',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What a plain-HTTP server looks like to a TLS client: garbage instead of a handshake, or a reset. */
const HANDSHAKE_FAILURES = new Set(['ECONNRESET', 'EPROTO']);
/** What an HTTPS server looks like to a plain-HTTP client: it hangs up on the request. */
const HANG_UPS = new Set(['ECONNRESET', 'EPIPE']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Describe a network error from the transport (see `createBufferedFetch`): Node's error, whose
 * `code` says what happened, or an error wrapping it as `cause`. `url` is the DSS host: its scheme
 * explains a protocol mismatch. A reset or hang-up suggests the other scheme only while
 * `schemeProven` is false, i.e. until the server has answered once. Only strings are taken from the
 * error: it is never attached to our errors.
 */
export function describeNetworkFailure(error: unknown, url: URL, schemeProven = false): NetworkFailure {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = codeOf(cause) ?? codeOf(error);
  const message = messageOf(cause);
  if (code !== undefined && TLS_CODES.has(code)) {
    return {
      failure: 'tls',
      detail: `TLS certificate not trusted (${code}: ${message})`,
      remedy: 'set caFile to trust its CA, or insecure to skip verification',
      retryable: false,
    };
  }
  if (code === 'ERR_INVALID_URL') return { failure: 'network', detail: `invalid URL (${message})`, retryable: false };
  if (code === 'ENOTFOUND') return { failure: 'network', detail: 'host name not found', retryable: false };
  if (url.protocol === 'https:' && (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(message))) {
    return {
      failure: 'network',
      detail: 'the server does not speak TLS (SSL "wrong version number")',
      remedy: 'if DSS serves plain HTTP, use an http:// URL',
      retryable: false,
    };
  }
  // Node's http client says so when the server closed the connection without answering.
  const hangUp = message === 'socket hang up';
  const described = hangUp ? 'the connection closed unexpectedly (socket hang-up)' : code === undefined ? undefined : DESCRIPTIONS[code];
  const detail = described ?? (cause === error ? messageOf(error) : `${messageOf(error)}: ${message}`);
  if (schemeProven) return { failure: 'network', detail, retryable: true };
  if (url.protocol === 'https:' && !hangUp && code !== undefined && HANDSHAKE_FAILURES.has(code)) {
    const during = /before secure TLS connection/i.test(message) ? 'the connection closed during the TLS handshake' : detail;
    return { failure: 'network', detail: during, remedy: 'if DSS serves plain HTTP, use an http:// URL', retryable: true };
  }
  if (url.protocol === 'http:' && code !== undefined && HANG_UPS.has(code)) {
    return { failure: 'network', detail, remedy: 'if DSS serves HTTPS, use an https:// URL', retryable: true };
  }
  return { failure: 'network', detail, retryable: true };
}
