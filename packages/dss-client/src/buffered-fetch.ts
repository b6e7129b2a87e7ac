import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Input } from 'ky';
import { type ReadBody, readBody } from './read-body.js';

/** How much of an error body is read to find the DSS error envelope (the rest is dropped). */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * An idle connection is closed after this long, or sooner when the server's `Keep-Alive: timeout=`
 * asks for it (Node's agent takes a second off the hint): well before a server is likely to close
 * it, so that a request sent on it cannot meet the server's close. A server that closes idle
 * connections after 5 s (Node's default) leaves 3 s for a busy process to send a retry on one it
 * took from the pool.
 */
const IDLE_CONNECTION_MS = 2_000;

/** Methods whose request carries a body, so that a missing one is announced as `Content-Length: 0`. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** TLS settings for `https://` hosts; absent, Node's defaults apply. */
export interface TlsSettings {
  /** The CAs to trust (replaces Node's list, so include it to add to it). */
  readonly ca?: readonly string[] | undefined;
  readonly rejectUnauthorized: boolean;
}

export interface BufferedFetchOptions {
  readonly maxResponseBytes: number;
  readonly tls?: TlsSettings | undefined;
}

/** ky's `fetch` (see `createBufferedFetch`), and a way to close its idle connections. */
export interface BufferedFetch {
  (input: Input, init?: RequestInit): Promise<BufferedResponse>;
  readonly close: () => void;
}

/** A response whose body has already been read into `content`; its own `body` is empty. */
export class BufferedResponse extends Response {
  readonly content: Uint8Array;

  constructor(head: { readonly status: number; readonly statusText: string; readonly headers: Headers }, content: Uint8Array) {
    super(null, head);
    this.content = content;
  }
}

/** A response from `createBufferedFetch`, as ky hands it back (in a result or an `HTTPError`). */
export function asBuffered(response: Response): BufferedResponse {
  if (!(response instanceof BufferedResponse)) throw new TypeError('expected a response read by createBufferedFetch');
  return response;
}

/** The response arrived, but the connection broke while its body was being read. */
export class BodyReadError extends Error {
  override readonly name = 'BodyReadError';
  readonly status: number;

  constructor(status: number, cause: unknown) {
    super(`the connection broke while reading the ${status} response`, { cause });
    this.status = status;
  }
}

/** A 2xx body this client cannot use: larger than `maxResponseBytes`, or in an encoding it did not ask for. */
export class UnusableBodyError extends Error {
  override readonly name = 'UnusableBodyError';
  readonly status: number;

  constructor(status: number, problem: string) {
    super(problem);
    this.status = status;
  }
}

/**
 * ky's `fetch`: the request goes out over Node's `http`/`https` on kept-alive connections, and the
 * whole body is read before the response is handed to ky. ky's per-attempt timeout thus covers
 * reading the body, a body cut off mid-way is an error that ky's `retry` sees like any network
 * error, and nothing is left on the wire once ky has the response. A 2xx body is limited to
 * `maxResponseBytes` (a larger one is an `UnusableBodyError`); an error body is kept up to 64 KiB.
 *
 * Not Node's fetch: for each request it costs about twice the CPU of this, which bounds how fast a
 * sync of thousands of objects goes. A network failure rejects with Node's error itself (its `code`:
 * `ECONNREFUSED`, `ECONNRESET`, a TLS code…), an abort with Node's `AbortError`. Unlike fetch, it
 * does not follow redirects (a 3xx is the answer) and asks for no compression.
 */
export function createBufferedFetch(options: BufferedFetchOptions): BufferedFetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    'https:': new https.Agent({
      keepAlive: true,
      timeout: IDLE_CONNECTION_MS,
      ...(options.tls === undefined ? {} : { rejectUnauthorized: options.tls.rejectUnauthorized, ...(options.tls.ca === undefined ? {} : { ca: [...options.tls.ca] }) }),
    }),
  };
  const send = async (input: Input, init?: RequestInit): Promise<BufferedResponse> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined || BODY_METHODS.has(request.method)) headers['content-length'] = String(body?.byteLength ?? 0);
    const { signal } = request;
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      let answered = false;
      // `http.request` is looked up at each call, not bound once: test tools such as msw replace it.
      const outgoing = (secure ? https : http).request(url, { method: request.method, headers, agent: agents[secure ? 'https:' : 'http:'], signal }, (response) => {
        answered = true;
        receive(response, options.maxResponseBytes).then(resolve, reject);
      });
      outgoing.on('error', (error) => {
        // Once answered, `receive` reports a break (as a BodyReadError).
        if (!answered) reject(error);
      });
      outgoing.end(body);
    });
  };
  return Object.assign(send, {
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

async function receive(response: IncomingMessage, maxResponseBytes: number): Promise<BufferedResponse> {
  const status = response.statusCode ?? 0;
  const ok = status >= 200 && status <= 299;
  const limit = ok ? maxResponseBytes : ERROR_BODY_LIMIT;
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (ok && declared > limit) {
    response.destroy();
    throw new UnusableBodyError(status, `the response body is ${declared} bytes, more than maxResponseBytes (${limit})`);
  }
  const encoding = response.headers['content-encoding'];
  if (ok && encoding !== undefined && encoding !== 'identity') {
    response.destroy();
    throw new UnusableBodyError(status, `the response body is ${encoding}-encoded, which was not asked for`);
  }
  let body: ReadBody;
  try {
    body = await readBody(response, limit);
  } catch (error) {
    throw new BodyReadError(status, error);
  }
  if (ok && body.truncated) throw new UnusableBodyError(status, `the response body is larger than maxResponseBytes (${limit} bytes)`);
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index] as string, raw[index + 1] as string);
  return new BufferedResponse({ status, statusText: response.statusMessage ?? '', headers }, body.bytes);
}
