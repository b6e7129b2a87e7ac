import { describe, expect, it, vi } from 'vitest';
import { createEmulator } from '../src/create-emulator.js';
import { AUTH, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

describe('request counters', () => {
  it('counts requests in total and per method and route pattern', async () => {
    await call('GET', '/projects/');
    await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS');
    await call('GET', '/projects/SALES_REPORTING/datasets/orders_clean', { prefix: '/dip/publicapi' });
    await call('PUT', '/projects/sandbox_lab/variables/', { body: { standard: {}, local: {} } });
    await call('GET', '/projects', { auth: null });
    const stats = test.emulator.stats;
    expect(stats.totalRequests).toBe(5);
    expect(stats.byRoute).toEqual({
      'GET /projects/': 1,
      'GET /projects/{projectKey}/datasets/{datasetName}': 2,
      'PUT /projects/{projectKey}/variables/': 1,
      'GET (unmatched)': 1,
    });
    expect(stats.count('GET /projects/{projectKey}/datasets/{datasetName}')).toBe(2);
    expect(stats.count('DELETE /projects/{projectKey}')).toBe(0);
    expect(stats.inFlight).toBe(0);
    expect(stats.maxInFlight).toBe(1);
  });

  it('counts failed and faulted requests, but not paths outside the API', async () => {
    test.emulator.faults.add({ type: 'status', status: 503, times: 1 });
    await call('GET', '/projects/');
    await call('GET', '/projects/', { prefix: '/elsewhere' });
    expect(test.emulator.stats.snapshot()).toEqual({ totalRequests: 1, inFlight: 0, maxInFlight: 1, byRoute: { 'GET /projects/': 1 }, writes: {} });
  });

  it('resets the counters', async () => {
    await call('GET', '/projects/');
    await call('DELETE', '/projects/sandbox_lab/datasets/scratch');
    test.emulator.resetStats();
    expect(test.emulator.stats.snapshot()).toEqual({ totalRequests: 0, inFlight: 0, maxInFlight: 0, byRoute: {}, writes: {} });
    expect(test.emulator.stats.writes('dataset.sandbox_lab.scratch')).toEqual({ creates: 0, updates: 0, deletes: 0 });
  });
});

describe('write counts', () => {
  const dataset = { name: 'counted', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '/c' } };

  it('counts each successful create, update and delete per object', async () => {
    await call('POST', '/projects/', { body: { projectKey: 'COUNTED', name: 'Counted' } });
    await call('POST', '/projects/COUNTED/datasets/', { body: dataset });
    const definition = (await call('GET', '/projects/COUNTED/datasets/counted')).json as Record<string, unknown>;
    await call('PUT', '/projects/COUNTED/datasets/counted', { body: definition });
    await call('PUT', '/projects/COUNTED/datasets/counted/metadata', { body: {} });
    await call('PUT', '/projects/COUNTED/metadata', { body: { label: 'Counted' } });
    await call('DELETE', '/projects/COUNTED/datasets/counted');
    const stats = test.emulator.stats;
    expect(stats.writes('project.COUNTED')).toEqual({ creates: 1, updates: 1, deletes: 0 });
    expect(stats.writes('dataset.COUNTED.counted')).toEqual({ creates: 1, updates: 2, deletes: 1 });
    expect(stats.snapshot().writes).toEqual({
      'project.COUNTED': { creates: 1, updates: 1, deletes: 0 },
      'dataset.COUNTED.counted': { creates: 1, updates: 2, deletes: 1 },
    });
  });

  it('does not count refused writes, nor changes made through the store', async () => {
    await call('POST', '/projects/CUSTOMER_ANALYTICS/datasets/', { body: { ...dataset, name: 'RAW_CUSTOMERS' } });
    await call('POST', '/projects/CUSTOMER_ANALYTICS/datasets/', { body: { ...dataset, params: { connection: 'unknown' } } });
    await call('PUT', '/projects/CUSTOMER_ANALYTICS/datasets/RAW_CUSTOMERS', { body: { type: 'PostgreSQL' } });
    test.emulator.faults.add({ type: 'status', status: 503, times: 1 });
    await call('POST', '/projects/CUSTOMER_ANALYTICS/datasets/', { body: dataset });
    test.emulator.store.createDataset('CUSTOMER_ANALYTICS', { ...dataset, name: 'direct' });
    expect(test.emulator.stats.snapshot().writes).toEqual({});
    expect(test.emulator.stats.writes('dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS')).toEqual({ creates: 0, updates: 0, deletes: 0 });
  });

  it('counts a rename as an update under the new name', async () => {
    await call('POST', '/projects/sandbox_lab/actions/renameDataset', { body: { oldName: 'scratch', newName: 'kept' } });
    expect(test.emulator.stats.snapshot().writes).toEqual({ 'dataset.sandbox_lab.kept': { creates: 0, updates: 1, deletes: 0 } });
  });
});

describe('latency', () => {
  it('delays every request, which is still answered and counted', async () => {
    test.emulator.latencyMs = 20;
    expect(test.emulator.latencyMs).toBe(20);
    const response = await call('GET', '/projects/CUSTOMER_ANALYTICS');
    expect(response.status).toBe(200);
    expect(test.emulator.stats.count('GET /projects/{projectKey}')).toBe(1);
  });

  it('rejects a negative or non-finite latency', () => {
    expect(() => {
      test.emulator.latencyMs = -1;
    }).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createEmulator({ latencyMs: Number.POSITIVE_INFINITY })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: 'emulator latency Infinity is not a non-negative number of milliseconds' }),
    );
  });
});

describe('requests in flight', () => {
  it('counts every request held open at the same time', async () => {
    const hold = test.emulator.hold();
    const paths = ['/projects/', '/projects/CUSTOMER_ANALYTICS', '/projects/SALES_REPORTING/datasets/', '/auth/info', '/instance-info'];
    const pending = paths.map((path) => call('GET', path));
    await test.emulator.stats.whenInFlight(paths.length);
    expect(test.emulator.stats.inFlight).toBe(paths.length);
    hold.release();
    hold.release();
    const responses = await Promise.all(pending);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(test.emulator.stats.maxInFlight).toBe(paths.length);
    expect(test.emulator.stats.inFlight).toBe(0);
  });

  it('keeps requests held until every hold is released', async () => {
    const first = test.emulator.hold();
    const second = test.emulator.hold();
    const pending = call('GET', '/projects/');
    await test.emulator.stats.whenInFlight(1);
    first.release();
    await test.emulator.stats.whenInFlight(1);
    expect(test.emulator.stats.inFlight).toBe(1);
    second.release();
    expect((await pending).status).toBe(200);
    await expect(test.emulator.stats.whenInFlight(0)).resolves.toBeUndefined();
  });

  it('counts concurrent requests slowed down by latency, and releases them when clients give up', async () => {
    test.emulator.latencyMs = 60_000;
    const aborter = new AbortController();
    const pending = [1, 2, 3].map(() =>
      fetch(`${test.server.url}/public/api/projects/`, { headers: { Authorization: AUTH }, signal: aborter.signal }),
    );
    await test.emulator.stats.whenInFlight(3);
    expect(test.emulator.stats.maxInFlight).toBe(3);
    aborter.abort();
    const results = await Promise.allSettled(pending);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await vi.waitFor(() => {
      expect(test.emulator.stats.inFlight).toBe(0);
    });
  });

  it('keeps requests in flight across a stats reset', async () => {
    const hold = test.emulator.hold();
    const pending = call('GET', '/projects/');
    await test.emulator.stats.whenInFlight(1);
    test.emulator.resetStats();
    expect(test.emulator.stats.snapshot()).toEqual({ totalRequests: 0, inFlight: 1, maxInFlight: 1, byRoute: {}, writes: {} });
    hold.release();
    await pending;
    expect(test.emulator.stats.inFlight).toBe(0);
  });
});
