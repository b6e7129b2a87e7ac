import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasErrorCode } from '@dataiku-iac/models';
import { API, API_KEY, cutOffJson, DSS_HOST } from '@dataiku-iac/test-utils';
import { DssApiError } from './errors/dss-api-error.js';
import { DssConnectionError } from './errors/dss-connection-error.js';
import type { DssClientOptions, DssRequestEvent } from './client-config.js';
import { DssClient, type DssMethod } from './dss-client.js';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

function client(options: DssClientOptions = {}): DssClient {
  return new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, ...options });
}

/** Serve `replies` in order on every method of `/public/api/thing`, then 200 `{ok: true}`; count the attempts. */
function sequence(replies: (() => Response | Promise<Response>)[]): { attempts: number } {
  const counter = { attempts: 0 };
  server.use(
    http.all(`${API}/thing`, () => {
      const reply = replies[counter.attempts];
      counter.attempts++;
      return reply === undefined ? HttpResponse.json({ ok: true }) : reply();
    }),
  );
  return counter;
}

const status = (code: number, headers: Record<string, string> = {}) => () =>
  HttpResponse.json({ errorType: 'x.Y', message: `status ${code}` }, { status: code, headers });

async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}

describe('retry policy', () => {
  const idempotent: DssMethod[] = ['GET', 'PUT', 'DELETE'];

  for (const method of idempotent) {
    for (const code of [429, 502, 503, 504]) {
      it(`retries ${method} on ${code}`, async () => {
        const counter = sequence([status(code)]);
        await expect(client().request(method, 'thing', method === 'GET' ? {} : { json: {} })).resolves.toEqual({ ok: true });
        expect(counter.attempts).toBe(2);
      });
    }
    for (const code of [400, 401, 403, 404, 409, 500, 501]) {
      it(`does not retry ${method} on ${code}`, async () => {
        const counter = sequence([status(code)]);
        const error = await settle(client().request(method, 'thing'));
        expect(DssApiError.isInstance(error) && error.status).toBe(code);
        expect(counter.attempts).toBe(1);
      });
    }
  }

  it('retries POST only on 429', async () => {
    const rateLimited = sequence([status(429)]);
    await expect(client().request('POST', 'thing', { json: {} })).resolves.toEqual({ ok: true });
    expect(rateLimited.attempts).toBe(2);
    for (const code of [502, 503, 504]) {
      const counter = sequence([status(code)]);
      const error = await settle(client().request('POST', 'thing', { json: {} }));
      expect((error as DssApiError).status).toBe(code);
      expect(counter.attempts).toBe(1);
    }
  });

  it('retries idempotent requests after a network error, never POST', async () => {
    const counter = sequence([() => HttpResponse.error()]);
    await expect(client().request('GET', 'thing')).resolves.toEqual({ ok: true });
    expect(counter.attempts).toBe(2);
    const post = sequence([() => HttpResponse.error()]);
    const error = await settle(client().request('POST', 'thing', { json: {} }));
    expect(DssConnectionError.isInstance(error)).toBe(true);
    expect(post.attempts).toBe(1);
  });

  it('retries a truncated body (the connection drops mid-response)', async () => {
    const counter = sequence([() => cutOffJson('[{"projectKey": "A"')]);
    const events: DssRequestEvent[] = [];
    await expect(client({ onRequest: (event) => events.push(event) }).request('GET', 'thing')).resolves.toEqual({ ok: true });
    expect(counter.attempts).toBe(2);
    expect(events[0]).toMatchObject({ attempt: 1, status: 200, error: expect.stringMatching(/the connection broke while reading the 200 response: connection reset by the server/) as unknown });
    expect(events[0]?.retryInMs).toBeGreaterThanOrEqual(0);
  });

  it('does not retry a POST whose body was cut off', async () => {
    const counter = sequence([() => cutOffJson('{"name": "r')]);
    const error = await settle(client().request('POST', 'thing', { json: {} }));
    expect((error as Error).message).toMatch(/^cannot reach https:\/\/dss\.test: the connection broke while reading the 200 response: connection reset by the server \(POST \/public\/api\/thing\)$/);
    expect(counter.attempts).toBe(1);
  });

  it('gives up after `retries` retries with an error that names the attempts', async () => {
    const counter = sequence(Array(10).fill(status(503)) as (() => Response)[]);
    const dss = client({ retries: 2 });
    const error = await settle(dss.request('GET', 'thing'));
    expect(error).toBeInstanceOf(DssApiError);
    expect((error as DssApiError).attempts).toBe(3);
    expect((error as Error).message).toBe('GET /public/api/thing failed with 503 Service Unavailable after 3 attempts: Y: status 503');
    expect(counter.attempts).toBe(3);
    expect(dss.stats.requests).toBe(3);
  });

  it('makes a single attempt with retries: 0', async () => {
    const counter = sequence([status(503)]);
    await expect(client({ retries: 0 }).request('GET', 'thing')).rejects.toThrow(/failed with 503 Service Unavailable: Y: status 503$/);
    expect(counter.attempts).toBe(1);
  });

  it('names the attempts when the network never answers', async () => {
    sequence(Array(10).fill(() => HttpResponse.error()) as (() => Response)[]);
    const error = await settle(client({ retries: 2 }).request('GET', 'thing'));
    expect(DssConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^cannot reach https:\/\/dss\.test: .+ \(GET \/public\/api\/thing, 3 attempts\)$/);
  });

  it('reports each attempt to onRequest with exponential, jittered delays', async () => {
    sequence(Array(3).fill(status(503)) as (() => Response)[]);
    const events: DssRequestEvent[] = [];
    await client({ retryDelayMs: 2, onRequest: (event) => events.push(event) }).request('GET', 'thing');
    expect(events.map((event) => [event.attempt, event.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 200],
    ]);
    const delays = events.slice(0, 3).map((event) => event.retryInMs ?? -1);
    delays.forEach((delayMs, index) => {
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThanOrEqual(2 * 2 ** index);
    });
    expect(events[0]?.error).toMatch(/failed with 503/);
    expect(events[3]).not.toHaveProperty('error');
    expect(events[3]).not.toHaveProperty('retryInMs');
  });

  it('ignores an onRequest callback that throws', async () => {
    sequence([]);
    const dss = client({
      onRequest: () => {
        throw new Error('logger broke');
      },
    });
    await expect(dss.request('GET', 'thing')).resolves.toEqual({ ok: true });
  });
});

describe('Retry-After', () => {
  it('waits the seconds a Retry-After header asks for (abortable during the wait)', async () => {
    sequence([status(429, { 'Retry-After': '7' })]);
    const controller = new AbortController();
    const events: DssRequestEvent[] = [];
    const dss = client({
      onRequest: (event) => {
        events.push(event);
        controller.abort();
      },
    });
    const error = await settle(dss.request('GET', 'thing', { signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(events[0]?.retryInMs).toBe(7000);
  });

  it('honours an HTTP-date', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    sequence([status(503, { 'Retry-After': inTenSeconds })]);
    const controller = new AbortController();
    const events: DssRequestEvent[] = [];
    const dss = client({
      onRequest: (event) => {
        events.push(event);
        controller.abort();
      },
    });
    await settle(dss.request('GET', 'thing', { signal: controller.signal }));
    expect(events[0]?.retryInMs).toBeGreaterThan(5000);
    expect(events[0]?.retryInMs).toBeLessThanOrEqual(10_000);
  });

  it('retries at once for a date in the past or 0 seconds, and caps long waits', async () => {
    const counter = sequence([
      status(429, { 'Retry-After': new Date(Date.now() - 60_000).toUTCString() }),
      status(429, { 'Retry-After': '0' }),
      status(429, { 'Retry-After': '3600' }),
      status(429, { 'Retry-After': 'soon' }),
    ]);
    const events: DssRequestEvent[] = [];
    await client({ maxRetryDelayMs: 5, retryDelayMs: 1, onRequest: (event) => events.push(event) }).request('GET', 'thing');
    expect(counter.attempts).toBe(5);
    expect(events.slice(0, 3).map((event) => event.retryInMs)).toEqual([0, 0, 5]);
    expect(events[3]?.retryInMs).toBeLessThanOrEqual(5);
  });
});

describe('timeouts', () => {
  it('times out a hanging attempt, retries it, then names the timeout', async () => {
    const counter = sequence([
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
    ]);
    const dss = client({ timeoutMs: 20, retries: 1 });
    const error = await settle(dss.request('GET', 'thing'));
    expect(DssConnectionError.isInstance(error)).toBe(true);
    expect((error as DssConnectionError).failure).toBe('timeout');
    expect((error as Error).message).toBe('GET /public/api/thing timed out after 20 ms (2 attempts)');
    // Attempts sent; how many reached the handler before 20 ms depends on the machine's load.
    expect(dss.stats).toEqual({ requests: 2, inFlight: 0, maxInFlight: 1 });
    expect(counter.attempts).toBeLessThanOrEqual(2);
  });

  it('succeeds when a retry answers in time', async () => {
    const counter = sequence([
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
    ]);
    // Long enough for the second attempt to answer on a loaded machine; the first never answers.
    await expect(client({ timeoutMs: 1000 }).request('GET', 'thing')).resolves.toEqual({ ok: true });
    expect(counter.attempts).toBe(2);
  });

  it('does not retry a POST that timed out', async () => {
    const counter = sequence([
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
    ]);
    const dss = client({ timeoutMs: 20 });
    await expect(dss.request('POST', 'thing', { json: {} })).rejects.toThrow('POST /public/api/thing timed out after 20 ms');
    expect(dss.stats.requests).toBe(1);
    expect(counter.attempts).toBeLessThanOrEqual(1);
  });
});

describe('concurrency', () => {
  it('never has more than `concurrency` attempts in flight', async () => {
    const limit = 3;
    const total = 12;
    let current = 0;
    let max = 0;
    let arrived = 0;
    const waiting: (() => void)[] = [];
    server.use(
      http.get(`${API}/projects/:key/datasets/:name`, async ({ params }) => {
        arrived++;
        current++;
        max = Math.max(max, current);
        // Hold every request until `limit` are waiting (or all have arrived): a client that sends
        // more than `limit` at once is caught with max > limit, one that sends fewer never fills the batch.
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length >= limit || arrived === total) for (const release of waiting.splice(0)) release();
        });
        current--;
        return HttpResponse.json({ name: params.name, type: 'Filesystem' });
      }),
    );
    const dss = client({ concurrency: limit });
    const names = Array.from({ length: total }, (_, index) => `d${index}`);
    const results = await Promise.all(names.map(async (name) => dss.getDataset('P', name)));
    expect(results.map((result) => result.name)).toEqual(names);
    expect(max).toBe(limit);
    expect(dss.stats).toEqual({ requests: total, inFlight: 0, maxInFlight: limit });
  });

  it('releases its slot during backoff', async () => {
    let slowCalls = 0;
    server.use(
      http.get(`${API}/slow`, () => {
        slowCalls++;
        return status(503, { 'Retry-After': '60' })();
      }),
      http.get(`${API}/fast`, () => HttpResponse.json({ fast: true })),
    );
    const controller = new AbortController();
    let waitingToRetry!: () => void;
    const retrying = new Promise<void>((resolve) => {
      waitingToRetry = resolve;
    });
    const dss = client({
      concurrency: 1,
      onRequest: (event) => {
        if (event.retryInMs !== undefined) waitingToRetry();
      },
    });
    const slow = settle(dss.request('GET', 'slow', { signal: controller.signal }));
    await retrying;
    await expect(dss.request('GET', 'fast')).resolves.toEqual({ fast: true });
    controller.abort();
    expect((await slow as Error).name).toBe('AbortError');
    expect(slowCalls).toBe(1);
  });
});

describe('abort', () => {
  // 40 requests through msw take 0.1 s on an idle machine, and took 6.7 s under six busy loops with coverage (hence the shared 60 s bound).
  it('lets dozens of requests share one signal without a MaxListenersExceededWarning', async () => {
    sequence([]);
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const shared = new AbortController().signal;
      const dss = client({ concurrency: 2 });
      // Node warns past 10 listeners on one signal; 38 requests wait for a slot at once here.
      await Promise.all(Array.from({ length: 40 }, () => dss.request('GET', 'thing', { signal: shared })));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('rejects at once for an already aborted signal, sending nothing', async () => {
    const counter = sequence([]);
    const dss = client();
    const error = await settle(dss.request('GET', 'thing', { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(counter.attempts).toBe(0);
    expect(dss.stats.requests).toBe(0);
  });

  it('aborts requests in flight and requests waiting for a slot', async () => {
    let arrivedResolve!: () => void;
    const arrived = new Promise<void>((resolve) => {
      arrivedResolve = resolve;
    });
    server.use(
      http.get(`${API}/hang`, async () => {
        arrivedResolve();
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const events: DssRequestEvent[] = [];
    const dss = client({ concurrency: 1, onRequest: (event) => events.push(event) });
    const inFlight = settle(dss.request('GET', 'hang', { signal: controller.signal }));
    const queued = settle(dss.request('GET', 'hang', { signal: controller.signal }));
    await arrived;
    controller.abort();
    expect((await inFlight as Error).name).toBe('AbortError');
    expect((await queued as Error).name).toBe('AbortError');
    expect(dss.stats).toMatchObject({ requests: 1, inFlight: 0 });
    expect(events.map((event) => event.error)).toEqual(['aborted', 'aborted']);
  });

  it('keeps the caller reason', async () => {
    sequence([status(503)]);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const dss = client({ retryDelayMs: 10_000, onRequest: () => { controller.abort(reason); } });
    await expect(dss.request('GET', 'thing', { signal: controller.signal })).rejects.toBe(reason);
    expect(hasErrorCode(reason, 'DSS_HTTP')).toBe(false);
  });
});

describe('concurrency slots', () => {
  it('counts the wait for a slot in the first attempt\'s durationMs, and a queued request goes out only when a slot frees', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const arrivals: string[] = [];
    server.use(
      http.get(`${API}/first`, async () => {
        arrivals.push('first');
        await held;
        return HttpResponse.json({ n: 1 });
      }),
      http.get(`${API}/second`, () => {
        arrivals.push('second');
        return HttpResponse.json({ n: 2 });
      }),
    );
    const events: DssRequestEvent[] = [];
    const dss = client({ concurrency: 1, onRequest: (event) => events.push(event) });
    const first = dss.request('GET', 'first');
    const second = dss.request('GET', 'second');
    const queuedSince = performance.now();
    await vi.waitFor(() => {
      expect(arrivals).toEqual(['first']);
    });
    await delay(30);
    expect(arrivals).toEqual(['first']);
    const waited = performance.now() - queuedSince;
    release();
    await expect(first).resolves.toEqual({ n: 1 });
    await expect(second).resolves.toEqual({ n: 2 });
    expect(arrivals).toEqual(['first', 'second']);
    const secondEvent = events.find((event) => event.path.endsWith('/second'));
    // A lower bound only: the request waited at least as long as the first one was held.
    expect(secondEvent?.durationMs).toBeGreaterThanOrEqual(Math.floor(waited));
    expect(secondEvent?.attempt).toBe(1);
  });
});
