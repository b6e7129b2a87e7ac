import { Resource } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { DssReading } from './dss-reading.js';

const project = (key: string): Resource[] => [new Resource({ resourceId: `project.${key}`, attributes: {} })];

describe('DssReading', () => {
  it('reads each project once, whoever asks, and starts the listed ones as soon as the list is known', async () => {
    const reads: string[] = [];
    const reading = new DssReading(
      (key) => {
        reads.push(key);
        return Promise.resolve(project(key));
      },
      () => Promise.resolve(['A', 'B']),
    );
    expect(await reading.projectList()).toEqual(['A', 'B']);
    expect((await reading.project('A'))?.map((resource) => resource.resourceId)).toEqual(['project.A']);
    await reading.project('C');
    expect(reads).toEqual(['A', 'B', 'C']);
    reading.dispose();
  });

  it('keeps a failed read that nobody awaits yet from becoming an unhandled rejection', async () => {
    const failure = new Error('boom');
    const reading = new DssReading(
      () => Promise.reject(failure),
      () => Promise.reject(failure),
    );
    const started = reading.project('A');
    void reading.projectList();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(started).rejects.toBe(failure);
    await expect(reading.projectList()).rejects.toBe(failure);
  });

  it('cancels every read together, by cancel() or by the caller signal, and stops waiting at once', async () => {
    const signals: AbortSignal[] = [];
    const caller = new AbortController();
    const reading = new DssReading(
      (_key, signal) => {
        signals.push(signal);
        return new Promise(() => undefined);
      },
      () => Promise.resolve([]),
      caller.signal,
    );
    void reading.project('A');
    const waiting = reading.untilCancelled(new Promise(() => undefined));
    caller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
    expect(signals[0]?.aborted).toBe(true);
    expect(reading.cancelled).toBe(true);
    await expect(reading.untilCancelled(Promise.resolve(1))).rejects.toThrow('interrupted');
    reading.dispose();
    const already = new DssReading(() => Promise.resolve(undefined), () => Promise.resolve([]), AbortSignal.abort(new Error('before')));
    expect(already.cancelled).toBe(true);
    const cancelled = new DssReading(() => Promise.resolve(undefined), () => Promise.resolve([]));
    expect(await cancelled.untilCancelled(Promise.resolve('done'))).toBe('done');
    cancelled.cancel(new Error('stop'));
    await expect(cancelled.untilCancelled(Promise.resolve('late'))).rejects.toThrow('stop');
  });
});
