import type { Input } from 'ky';
import { readBody } from './read-body.js';

/** How much of an error body is read to find the DSS error envelope (the rest is dropped). */
const ERROR_BODY_LIMIT = 64 * 1024;

/** A response whose body has already been read into `content`; its own `body` is empty. */
export class BufferedResponse extends Response {
  readonly content: Uint8Array;

  constructor(response: Response, content: Uint8Array) {
    super(null, { status: response.status, statusText: response.statusText, headers: response.headers });
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

/** A 2xx body larger than `maxResponseBytes`. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly status: number;

  constructor(status: number, problem: string) {
    super(problem);
    this.status = status;
  }
}

/**
 * ky's `fetch`: Node's fetch, then the whole body, read before the response is handed to ky.
 * ky's per-attempt timeout thus covers reading the body, a body cut off mid-way is an error that
 * ky's `retry` sees like any network error, and nothing is left on the wire once ky has the
 * response. A 2xx body is limited to `maxResponseBytes` (a larger one is a `BodyTooLargeError`);
 * an error body is kept up to 64 KiB.
 */
export function createBufferedFetch(maxResponseBytes: number): (input: Input, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    // Looked up at each call, not bound once: test tools such as msw replace it.
    const response = await globalThis.fetch(input, init);
    const { status } = response;
    const limit = response.ok ? maxResponseBytes : ERROR_BODY_LIMIT;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (response.ok && declared > limit) {
      void response.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(status, `the response body is ${declared} bytes, more than maxResponseBytes (${limit})`);
    }
    let body: Awaited<ReturnType<typeof readBody>>;
    try {
      body = await readBody(response.body, limit);
    } catch (error) {
      throw new BodyReadError(status, error);
    }
    if (response.ok && body.truncated) throw new BodyTooLargeError(status, `the response body is larger than maxResponseBytes (${limit} bytes)`);
    return new BufferedResponse(response, body.bytes);
  };
}
