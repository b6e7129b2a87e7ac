import type { DssConnectionFailure } from './errors/dss-connection-error.js';

export interface NetworkFailure {
  readonly failure: DssConnectionFailure;
  readonly detail: string;
  /** False for failures that repeating cannot fix (an untrusted certificate, an unknown host name). */
  readonly retryable: boolean;
}

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly (socket hang-up)',
  UND_ERR_CLOSED: 'the connection closed unexpectedly',
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

const NOT_RETRYABLE = new Set(['ENOTFOUND']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Describe an error thrown by fetch or while reading the body. Node's fetch throws
 * `TypeError('fetch failed')` with the system error as `cause`; the cause carries the useful code.
 * Only strings are taken from the error: it is never attached to our errors.
 */
export function describeNetworkFailure(error: unknown): NetworkFailure {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = codeOf(cause) ?? codeOf(error);
  if (code !== undefined && TLS_CODES.has(code)) {
    return {
      failure: 'tls',
      detail: `TLS certificate not trusted (${code}: ${messageOf(cause)}); set caFile to trust its CA, or insecure to skip verification`,
      retryable: false,
    };
  }
  const described = code === undefined ? undefined : DESCRIPTIONS[code];
  const detail = described ?? (cause === error ? messageOf(error) : `${messageOf(error)}: ${messageOf(cause)}`);
  return { failure: 'network', detail, retryable: code === undefined || !NOT_RETRYABLE.has(code) };
}
