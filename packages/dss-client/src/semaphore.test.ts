import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';
import { sleep } from './sleep.js';

describe('Semaphore', () => {
  it('hands permits out in FIFO order and never more than its size', async () => {
    const semaphore = new Semaphore(2);
    const order: string[] = [];
    const first = await semaphore.acquire();
    const second = await semaphore.acquire();
    const third = semaphore.acquire().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = semaphore.acquire().then((release) => {
      order.push('fourth');
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first(); // releasing twice frees one permit only
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    const again = await semaphore.acquire();
    again();
  });

  it('stops waiting when the signal aborts and forgets the waiter', async () => {
    const semaphore = new Semaphore(1);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    const next = await semaphore.acquire();
    next();
    await expect(semaphore.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});

describe('sleep', () => {
  it('resolves, resolves at once for 0, and rejects on abort', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    await expect(sleep(0, new AbortController().signal)).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    await expect(sleep(1, AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
    await expect(sleep(1, new AbortController().signal)).resolves.toBeUndefined();
  });
});
