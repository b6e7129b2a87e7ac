import { describe, expect, it } from 'vitest';
import { type StateChild, startChild } from './__fixtures__/child-process.js';
import { server, superuserQuery, useBackends } from './__fixtures__/test-database.js';

const backends = useBackends();
const CHILDREN = 6;
const ROUNDS = 4;

async function stopAll(children: readonly StateChild[]): Promise<void> {
  for (const child of children) child.process.stdin?.end();
  await Promise.all(children.map((child) => child.exited));
}

describe('PostgresBackend shared by several processes', () => {
  it('loses no update when processes save one environment at once: every loser gets the conflict or lock error', async () => {
    // Half fail at once when the lock is taken, half wait for it (and then meet the serial check).
    const children = await Promise.all(Array.from({ length: CHILDREN }, (_, index) => startChild(server.url, backends.schema, 'shared', index % 2 === 0 ? 0 : 120_000)));
    try {
      const winners: string[] = [];
      const losses = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        // Every process loads the same serial, then all save at once.
        const loaded = await Promise.all(children.map((child) => child.send({ op: 'load' })));
        expect(new Set(loaded.map((answer) => answer.serial))).toEqual(new Set([round]));
        const ids = children.map((_, index) => `dataset.RACE.child${index}_round${round}`);
        const answers = await Promise.all(children.map((child, index) => child.send({ op: 'add', id: ids[index] })));
        const won = answers.flatMap((answer, index) => (answer.saved === undefined ? [] : [ids[index] as string]));
        expect(won, JSON.stringify(answers)).toHaveLength(1);
        expect(answers.find((answer) => answer.saved !== undefined)?.saved).toBe(round + 1);
        for (const answer of answers) {
          if (answer.saved !== undefined) continue;
          expect(['STATE_CONFLICT', 'STATE_LOCKED'], answer.message).toContain(answer.error);
          losses.add(answer.error as string);
        }
        winners.push(...won);
      }
      expect(losses.has('STATE_CONFLICT')).toBe(true);
      const final = await backends.create({ environment: 'shared' }).load();
      expect(final.serial).toBe(ROUNDS);
      expect(final.resourceIds()).toEqual([...winners].sort());
    } finally {
      await stopAll(children);
    }
  });

  it('frees the lock of a holder killed with SIGKILL as soon as the server sees its connection close', async () => {
    const holder = await startChild(server.url, backends.schema, 'killed');
    const { locked } = (await holder.send({ op: 'lock', operation: 'apply' })) as { locked: { id: string; pid: number } };
    expect(locked.pid).toBe(holder.pid);
    const next = backends.create({ environment: 'killed' });
    await expectLockedBy(next.lock('sync'), holder.pid);
    const [row] = await superuserQuery<{ session_pid: number }>(`SELECT session_pid FROM "${backends.schema}".locks`);
    holder.process.kill('SIGKILL');
    await holder.exited;
    // The kernel closes the killed process's connection; the server ends its session. No force-unlock,
    // no stale-lock delay: once that session is gone, the lock is free at the first try.
    await waitUntil(async () => (await superuserQuery('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [row?.session_pid])).length === 0);
    const handle = await next.lock('sync', { timeoutMs: 0 });
    expect(backends.warnings).toEqual([expect.stringContaining(`(pid ${holder.pid}, apply) since`)]);
    expect(backends.warnings[0]).toContain(`(id ${locked.id}): its database session had ended`);
    await handle.release();
  });
});

async function expectLockedBy(action: Promise<unknown>, pid: number): Promise<void> {
  await expect(action).rejects.toMatchObject({ code: 'STATE_LOCKED', lock: { pid } });
}

/** Poll `condition` (bounded: a server that never notices fails the test, it does not hang it). */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never became true');
}
