import { describe, expect, it } from 'vitest';
import { runScheduled, type Schedulable } from './scheduler.js';

const item = (resourceId: string, after: string[] = [], action = 'create'): Schedulable => ({ resourceId, action, after });

describe('runScheduled', () => {
  it('runs each item after what it needs, never more than the concurrency at once, deletes after writes', async () => {
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const items = [item('a'), item('b'), item('c', ['a', 'b']), item('d'), item('e', [], 'delete'), item('f', ['e'], 'delete')];
    const outcomes = await runScheduled(items, {
      concurrency: 2,
      continueOnError: false,
      run: async (next) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(next.resourceId);
        running--;
      },
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(most).toBe(2);
    expect(order.indexOf('c')).toBeGreaterThan(Math.max(order.indexOf('a'), order.indexOf('b')));
    expect(order.slice(-2)).toEqual(['e', 'f']);
  });

  it('skips what is already done, and counts it done for what needs it', async () => {
    const ran: string[] = [];
    const outcomes = await runScheduled([item('a'), item('b', ['a'])], {
      concurrency: 1,
      continueOnError: false,
      skip: (next) => next.resourceId === 'a',
      run: (next) => {
        ran.push(next.resourceId);
        return Promise.resolve();
      },
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['skipped', 'done']);
    expect(ran).toEqual(['b']);
  });

  it('after a failure: what depends on it never starts, nor anything else unless continueOnError', async () => {
    const failing = async (next: Schedulable): Promise<void> => {
      await Promise.resolve();
      if (next.resourceId === 'a') throw new Error('boom');
    };
    const items = [item('a'), item('b', ['a']), item('c', ['b']), item('x'), item('z', [], 'delete')];
    const stopped = await runScheduled(items, { concurrency: 1, continueOnError: false, run: failing });
    expect(stopped.map((outcome) => [outcome.item.resourceId, outcome.status, 'reason' in outcome ? outcome.reason : ''])).toEqual([
      ['a', 'failed', ''],
      ['b', 'not-started', 'not started: it needs a, which failed'],
      ['c', 'not-started', 'not started: it needs b, which did not start'],
      ['x', 'not-started', 'not started: an earlier action failed'],
      ['z', 'not-started', 'not started: writes failed'],
    ]);
    const going = await runScheduled(items, { concurrency: 1, continueOnError: true, run: failing });
    expect(going.map((outcome) => outcome.status)).toEqual(['failed', 'not-started', 'not-started', 'done', 'done']);
  });

  it('starts nothing more once aborted, and lets what runs finish', async () => {
    const controller = new AbortController();
    const outcomes = await runScheduled([item('a'), item('b'), item('c', [], 'delete')], {
      concurrency: 1,
      continueOnError: false,
      signal: controller.signal,
      run: () => {
        controller.abort();
        return Promise.resolve();
      },
    });
    expect(outcomes.map((outcome) => [outcome.status, 'reason' in outcome ? outcome.reason : ''])).toEqual([
      ['done', ''],
      ['not-started', 'interrupted'],
      ['not-started', 'interrupted'],
    ]);
  });
});
