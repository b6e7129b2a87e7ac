import { isHTTPError, isTimeoutError } from 'ky';
import { oneLine } from '@dataiku-iac/models';
import { asBuffered, BodyReadError, UnusableBodyError, type BufferedResponse } from './buffered-fetch.js';
import { parseEnvelope } from './error-envelope.js';
import { DssApiError } from './errors/dss-api-error.js';
import { DssConnectionError } from './errors/dss-connection-error.js';
import { DssResponseError } from './errors/dss-response-error.js';
import { mediaType } from './media-type.js';
import { describeNetworkFailure } from './network-failure.js';
import { decodeUtf8 } from './read-body.js';
import { type HttpMethod, isIdempotent, isRetryableStatus } from './retry-policy.js';

/** How much of an error body is kept on `DssApiError.responseBody`. */
const KEPT_BODY_CHARS = 2048;

/** What a failure description needs to know about the request. */
export interface AttemptContext {
  readonly method: HttpMethod;
  /** The request path relative to the host, with the query string, as errors show it. */
  readonly path: string;
  /** The DSS host URL, without credentials. */
  readonly host: string;
  readonly timeoutMs: number;
  /** True once the server has answered this client: a reset is then no sign of a wrong URL scheme. */
  readonly schemeProven: boolean;
  /** Removes every form of the API key from text that came from the server or the network stack. */
  readonly scrub: (text: string) => string;
}

/** One failed attempt: whether repeating it may help, and the error to throw if it is the last. */
export interface AttemptFailure {
  /** The status of the response, when one arrived. */
  readonly status?: number;
  readonly retryable: boolean;
  readonly error: (attempts: number) => Error;
}

/**
 * Describe whatever ky threw for one attempt: an `HTTPError` (non-2xx), a `TimeoutError`, a body
 * that was cut off or too large (see `createBufferedFetch`), or a network error from fetch.
 * Nothing thrown by ky or fetch is attached to the resulting error, which could carry headers.
 */
export function describeAttemptFailure(error: unknown, context: AttemptContext): AttemptFailure {
  const { method, path, host } = context;
  if (isHTTPError(error)) return httpFailure(asBuffered(error.response), context);
  if (isTimeoutError(error)) {
    return {
      retryable: isIdempotent(method),
      error: (attempts) => new DssConnectionError({ failure: 'timeout', host, method, path, detail: 'timed out', timeoutMs: context.timeoutMs, attempts }),
    };
  }
  if (error instanceof UnusableBodyError) {
    return { status: error.status, retryable: false, error: () => new DssResponseError({ method, path, problem: error.message }) };
  }
  const hostUrl = new URL(host);
  if (error instanceof BodyReadError) {
    // A response arrived, so the scheme and port were right: only the cause of the break matters.
    const network = describeNetworkFailure(error.cause, hostUrl);
    const detail = `${error.message}: ${context.scrub(oneLine(network.detail, 400))}`;
    return {
      status: error.status,
      retryable: network.retryable && isIdempotent(method),
      error: (attempts) => new DssConnectionError({ failure: 'network', host, method, path, detail, attempts }),
    };
  }
  const network = describeNetworkFailure(error, hostUrl, context.schemeProven);
  const detail = context.scrub(oneLine(network.detail, 400));
  return {
    retryable: network.retryable && isIdempotent(method),
    error: (attempts) => new DssConnectionError({ failure: network.failure, host, method, path, detail, remedy: network.remedy, attempts }),
  };
}

function httpFailure(response: BufferedResponse, context: AttemptContext): AttemptFailure {
  const { status } = response;
  const media = mediaType(response.headers.get('content-type'));
  const text = context.scrub(decodeUtf8(response.content));
  const envelope = parseEnvelope(text);
  const plain = oneLine(media === 'text/html' ? text.replace(/<[^>]*>/g, ' ') : text, 500);
  // nginx and Apache answer a plain-HTTP request on their HTTPS port with such a 400 page.
  const httpsPort = status === 400 && envelope === undefined && context.host.startsWith('http:') && /\b(?:https|ssl|tls)\b/i.test(plain);
  const remedy = httpsPort ? 'if DSS serves HTTPS, use an https:// URL' : redirectRemedy(response, context);
  return {
    status,
    retryable: isRetryableStatus(context.method, status),
    error: (attempts) =>
      new DssApiError({
        method: context.method,
        path: context.path,
        status,
        errorType: envelope?.errorType,
        dssMessage: envelope === undefined ? (plain === '' ? undefined : plain) : envelope.message,
        detailedMessage: envelope?.detailedMessage,
        responseBody: text.length > KEPT_BODY_CHARS ? `${text.slice(0, KEPT_BODY_CHARS - 1)}…` : text,
        attempts,
        ...(remedy === undefined ? {} : { remedy }),
      }),
  };
}

/** Redirects are not followed (a PUT or DELETE must not wander off): say where DSS points to. */
function redirectRemedy(response: BufferedResponse, context: AttemptContext): string | undefined {
  const location = response.status >= 300 && response.status <= 399 ? response.headers.get('location') : null;
  if (location === null) return undefined;
  let target: URL;
  try {
    target = new URL(location, new URL(context.path, context.host));
  } catch {
    return undefined;
  }
  return `it redirects to ${context.scrub(`${target.origin}${target.pathname}`)}: set the DSS URL to the address DSS answers on, redirects are not followed`;
}
