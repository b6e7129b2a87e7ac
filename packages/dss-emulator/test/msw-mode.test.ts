import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../src/create-emulator.js';
import { mswHandlers } from '../src/msw.js';
import { API_KEY, basic, envelope, NOT_AUTHENTICATED, NOT_FOUND, NOW, rawClient } from './helpers.js';

const emulator = createEmulator({ apiKey: API_KEY, clock: () => NOW });
const server = setupServer(
  ...mswHandlers(emulator),
  http.get('http://dss.example.com/health', () => HttpResponse.json({ ok: true })),
);
const call = rawClient('http://dss.example.com');

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
  emulator.reset();
});
afterAll(() => {
  server.close();
});

describe('msw mode', () => {
  it('serves both base paths on any host', async () => {
    const first = await call('GET', '/projects/');
    expect(first.status).toBe(200);
    expect((first.json as { projectKey: string }[]).map((item) => item.projectKey)).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab']);
    const other = await rawClient('https://dss.internal:11200')('GET', '/projects/SALES_REPORTING', { prefix: '/dip/publicapi' });
    expect(other.status).toBe(200);
    expect(other.headers.get('dss-api-version')).toBe('1');
  });

  it('checks the API key', async () => {
    expect((await call('GET', '/projects/', { auth: `Bearer ${API_KEY}` })).status).toBe(200);
    expect((await call('GET', '/projects/', { auth: basic('', API_KEY) })).status).toBe(200);
    const refused = await call('GET', '/projects/', { auth: basic('nope', '') });
    expect(refused.status).toBe(401);
    expect(envelope(refused).errorType).toBe(NOT_AUTHENTICATED);
  });

  it('is strict about trailing slashes', async () => {
    const response = await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets');
    expect(response.status).toBe(404);
    expect(envelope(response).errorType).toBe(NOT_FOUND);
  });

  it('round-trips a create, a whole-document PUT and a delete', async () => {
    await call('POST', '/projects/CUSTOMER_ANALYTICS/datasets/', { body: { name: 'msw_ds', type: 'Filesystem', description: 'x' } });
    const created = (await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/msw_ds')).json as Record<string, unknown>;
    expect(created.description).toBe('x');
    const { description: _description, ...rest } = created;
    await call('PUT', '/projects/CUSTOMER_ANALYTICS/datasets/msw_ds', { body: rest });
    const updated = (await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/msw_ds')).json as Record<string, unknown>;
    expect(updated).not.toHaveProperty('description');
    expect(updated.versionTag).toEqual({ versionNumber: 1, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW });
    expect((await call('DELETE', '/projects/CUSTOMER_ANALYTICS/datasets/msw_ds')).status).toBe(200);
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/msw_ds')).status).toBe(404);
    expect(emulator.stats.count('GET /projects/{projectKey}/datasets/{datasetName}')).toBe(3);
  });

  it('lets requests outside the base paths fall through to other handlers', async () => {
    const response = await fetch('http://dss.example.com/health');
    expect(await response.json()).toEqual({ ok: true });
    expect(emulator.stats.totalRequests).toBe(0);
  });

  it('turns a dropped connection into a network error', async () => {
    emulator.faults.add({ type: 'drop-connection', times: 1 });
    await expect(call('GET', '/projects/')).rejects.toThrow(TypeError);
    expect((await call('GET', '/projects/')).status).toBe(200);
  });

  it('fails reading a truncated body', async () => {
    emulator.faults.add({ type: 'truncated-json', times: 1 });
    const response = await fetch('http://dss.example.com/public/api/projects/', { headers: { Authorization: basic(API_KEY, '') } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('fails reading a truncated chunked body', async () => {
    emulator.faults.add({ type: 'truncated-json', framing: 'chunked', times: 1 });
    const response = await fetch('http://dss.example.com/public/api/projects/', { headers: { Authorization: basic(API_KEY, '') } });
    expect(response.headers.get('content-length')).toBeNull();
    await expect(response.json()).rejects.toThrow();
  });

  it('serves status faults with Retry-After', async () => {
    emulator.faults.add({ type: 'status', status: 429, retryAfter: '1', times: 1 });
    const response = await call('GET', '/projects/');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('lets a client time out on a slow response', async () => {
    emulator.faults.add({ type: 'slow', delayMs: 60_000, times: 1 });
    await expect(
      fetch('http://dss.example.com/public/api/projects/', { headers: { Authorization: basic(API_KEY, '') }, signal: AbortSignal.timeout(20) }),
    ).rejects.toThrow();
    await vi.waitFor(() => {
      expect(emulator.stats.inFlight).toBe(0);
    });
  });

  it('counts concurrent requests held open', async () => {
    const hold = emulator.hold();
    const pending = [1, 2, 3, 4].map(() => call('GET', '/projects/'));
    await emulator.stats.whenInFlight(4);
    hold.release();
    await Promise.all(pending);
    expect(emulator.stats.maxInFlight).toBe(4);
  });
});
