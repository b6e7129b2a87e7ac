import { describe, expect, it, vi } from 'vitest';
import { AUTH, envelope, NOT_AUTHENTICATED, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

const DATASET = '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS';

/** Fetches and reads the whole body; rejects if either fails. */
async function fetchText(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${test.server.url}/public/api${path}`, { ...init, headers: { Authorization: AUTH } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('status faults', () => {
  it.each([
    [500, 'com.dataiku.dip.exceptions.DSSInternalErrorException'],
    [502, 'com.dataiku.dip.exceptions.DSSInternalErrorException'],
    [503, 'com.dataiku.dip.exceptions.DSSInternalErrorException'],
    [504, 'com.dataiku.dip.exceptions.DSSInternalErrorException'],
    [401, NOT_AUTHENTICATED],
    [403, 'com.dataiku.dip.exceptions.UnauthorizedException'],
    [404, 'com.dataiku.dip.server.controllers.NotFoundException'],
    [400, 'com.dataiku.dip.exceptions.DSSIllegalArgumentException'],
    [405, 'org.springframework.web.HttpRequestMethodNotSupportedException'],
  ])('fails the next request with %i and the envelope, then recovers', async (status, errorType) => {
    const fault = test.emulator.faults.add({ type: 'status', status, path: DATASET, times: 1 });
    const failed = await call('GET', DATASET);
    expect(failed.status).toBe(status);
    expect(failed.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(envelope(failed)).toEqual({
      errorType,
      message: `Injected fault: HTTP ${status}`,
      detailedMessage: `Injected fault: HTTP ${status}`,
    });
    expect(fault.hits).toBe(1);
    expect(fault.remaining).toBe(0);
    expect(test.emulator.faults.active).toEqual([]);
    expect((await call('GET', DATASET)).status).toBe(200);
  });

  it('sends Retry-After with 429 and a custom errorType and message', async () => {
    test.emulator.faults.add({ type: 'status', status: 429, retryAfter: 2, errorType: 'x.TooManyRequests', message: 'slow down', times: 1 });
    const response = await call('GET', '/projects/');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.json).toEqual({ errorType: 'x.TooManyRequests', message: 'slow down', detailedMessage: 'slow down' });
  });

  it('fails the next N matching requests only', async () => {
    test.emulator.faults.add({ type: 'status', status: 503, method: 'get', path: /^\/projects\/[^/]+\/datasets\/$/, times: 2 });
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS')).status).toBe(200);
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/')).status).toBe(503);
    expect((await call('POST', '/projects/CUSTOMER_ANALYTICS/datasets/', { body: { name: 'n', type: 'Inline' } })).status).toBe(200);
    expect((await call('GET', '/projects/SALES_REPORTING/datasets/')).status).toBe(503);
    expect((await call('GET', '/projects/SALES_REPORTING/datasets/')).status).toBe(200);
  });

  it('fails forever without times, until removed', async () => {
    const fault = test.emulator.faults.add({ type: 'status', status: 502, method: 'PUT' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await call('PUT', '/projects/sandbox_lab/variables/', { body: { standard: {}, local: {} } })).status).toBe(502);
    }
    expect(fault.hits).toBe(3);
    expect(fault.remaining).toBeUndefined();
    expect(test.emulator.faults.remove(fault)).toBe(true);
    expect(test.emulator.faults.remove(fault)).toBe(false);
    expect((await call('PUT', '/projects/sandbox_lab/variables/', { body: { standard: {}, local: {} } })).status).toBe(200);
  });

  it('applies the first matching fault first', async () => {
    test.emulator.faults.add({ type: 'status', status: 500, times: 1 });
    test.emulator.faults.add({ type: 'status', status: 503, times: 1 });
    expect((await call('GET', '/projects/')).status).toBe(500);
    expect((await call('GET', '/projects/')).status).toBe(503);
    expect((await call('GET', '/projects/')).status).toBe(200);
  });

  it('matches on the raw path, without base path or query', async () => {
    test.emulator.faults.add({ type: 'status', status: 500, path: '/projects/SALES_REPORTING/datasets/2024-orders' });
    expect((await call('GET', '/projects/SALES_REPORTING/datasets/2024-orders?x=1', { prefix: '/dip/publicapi' })).status).toBe(500);
    expect((await call('GET', '/projects/SALES_REPORTING/datasets/orders_clean')).status).toBe(200);
  });

  it('fails before authentication, like a proxy would', async () => {
    test.emulator.faults.add({ type: 'status', status: 503, times: 1 });
    expect((await call('GET', '/projects/', { auth: null })).status).toBe(503);
    expect((await call('GET', '/projects/', { auth: null })).status).toBe(401);
  });
});

describe('body faults', () => {
  it('serves an HTML error page with 502 by default, or another status', async () => {
    test.emulator.faults.add({ type: 'html', times: 1 });
    const page = await fetchText(DATASET);
    expect(page.status).toBe(502);
    expect(page.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(page.text).toContain('<h1>502 Bad Gateway</h1>');
    expect(page.headers.get('dss-api-version')).toBeNull();

    test.emulator.faults.add({ type: 'html', status: 200, body: '<html>login</html>', times: 1 });
    const login = await fetchText(DATASET);
    expect(login.status).toBe(200);
    expect(login.text).toBe('<html>login</html>');
  });

  it('serves malformed JSON that a JSON parser rejects', async () => {
    test.emulator.faults.add({ type: 'malformed-json', times: 1 });
    const response = await fetch(`${test.server.url}/public/api${DATASET}`, { headers: { Authorization: AUTH } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('serves malformed JSON with a given status and body', async () => {
    test.emulator.faults.add({ type: 'malformed-json', status: 500, body: '{', times: 1 });
    const response = await fetchText(DATASET);
    expect(response.status).toBe(500);
    expect(response.text).toBe('{');
  });

  it('serves the normal answer as text/plain', async () => {
    const expected = (await call('GET', DATASET)).json;
    test.emulator.faults.add({ type: 'wrong-content-type', times: 1 });
    const response = await fetchText(DATASET);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain;charset=utf-8');
    expect(JSON.parse(response.text)).toEqual(expected);
  });

  it('serves a given wrong content type', async () => {
    test.emulator.faults.add({ type: 'wrong-content-type', contentType: 'application/octet-stream', times: 1 });
    expect((await fetchText(DATASET)).headers.get('content-type')).toBe('application/octet-stream');
  });

  it('serves a body of unexpected shape', async () => {
    test.emulator.faults.add({ type: 'unexpected-shape', times: 1 });
    expect((await call('GET', DATASET)).json).toEqual({ name: 42 });
    test.emulator.faults.add({ type: 'unexpected-shape', body: [1, 2], status: 201, times: 1 });
    const array = await call('GET', DATASET);
    expect(array.status).toBe(201);
    expect(array.json).toEqual([1, 2]);
  });

  it('serves a very large valid JSON response', async () => {
    test.emulator.faults.add({ type: 'large-response', times: 1 });
    const response = await fetchText('/projects/CUSTOMER_ANALYTICS/datasets/');
    expect(response.status).toBe(200);
    expect(response.text.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    const items = JSON.parse(response.text) as { name: string }[];
    expect(items.length).toBeGreaterThan(1000);
    expect(items[0]?.name).toBe('dataset_000000');
  });

  it('serves a large response of a given size', async () => {
    test.emulator.faults.add({ type: 'large-response', bytes: 10_000, times: 1 });
    const response = await fetchText('/projects/');
    expect(response.text.length).toBeGreaterThanOrEqual(10_000);
    expect(response.text.length).toBeLessThan(12_000);
  });
});

describe('connection faults', () => {
  it.each(['content-length', 'chunked'] as const)('truncates the body (%s framing): the client sees an error', async (framing) => {
    test.emulator.faults.add({ type: 'truncated-json', framing, times: 1 });
    await expect(fetchText(DATASET)).rejects.toThrow();
    expect((await call('GET', DATASET)).status).toBe(200);
  });

  it('truncates with a Content-Length larger than the body by default', async () => {
    test.emulator.faults.add({ type: 'truncated-json', times: 1 });
    await expect(fetchText(DATASET)).rejects.toThrow();
  });

  it('drops the connection without answering', async () => {
    test.emulator.faults.add({ type: 'drop-connection', times: 1 });
    await expect(fetchText(DATASET)).rejects.toThrow(TypeError);
    expect((await call('GET', DATASET)).status).toBe(200);
  });

  it('answers slowly: a client timeout fires, and the request stops counting once abandoned', async () => {
    test.emulator.faults.add({ type: 'slow', delayMs: 60_000, times: 1 });
    await expect(fetchText(DATASET, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await vi.waitFor(() => {
      expect(test.emulator.stats.inFlight).toBe(0);
    });
  });

  it('answers normally after a short delay', async () => {
    test.emulator.faults.add({ type: 'slow', delayMs: 5, times: 1 });
    expect((await call('GET', DATASET)).status).toBe(200);
  });
});

describe('invalid fault specs', () => {
  it.each([
    [{ type: 'status', status: 99 }, 'fault status 99 is not an HTTP status between 200 and 599'],
    [{ type: 'html', status: 600 }, 'fault status 600 is not an HTTP status between 200 and 599'],
    [{ type: 'status', status: 500, times: 0 }, 'fault times 0 is not a positive integer'],
    [{ type: 'status', status: 500, times: 1.5 }, 'fault times 1.5 is not a positive integer'],
    [{ type: 'large-response', bytes: -1 }, 'fault bytes -1 is not a positive integer'],
    [{ type: 'slow', delayMs: Number.NaN }, 'fault delayMs NaN is not a non-negative number'],
  ] as const)('rejects %o', (spec, message) => {
    expect(() => test.emulator.faults.add(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message }));
    expect(test.emulator.faults.active).toEqual([]);
  });
});
