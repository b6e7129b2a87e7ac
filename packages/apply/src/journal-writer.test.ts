import type { ApplyJournal, JsonObject } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { JournalWriter } from './journal-writer.js';

function journal(fail = false): ApplyJournal & { batches: JsonObject[][] } {
  const batches: JsonObject[][] = [];
  return {
    batches,
    read: () => Promise.resolve(batches.flat()),
    append: async (records) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw new Error('disk full');
      batches.push([...records]);
    },
    clear: () => Promise.resolve(),
  };
}

describe('JournalWriter', () => {
  it('writes the records queued meanwhile together, in order, each append resolving once durable', async () => {
    const target = journal();
    const writer = new JournalWriter(target);
    await Promise.all(['a', 'b', 'c'].map((id) => writer.append({ kind: 'intent', resourceId: `dataset.P.${id}`, action: 'create' })));
    expect(target.batches.map((batch) => batch.length)).toEqual([1, 2]);
    expect((await target.read()).map((record) => record.resource_id)).toEqual(['dataset.P.a', 'dataset.P.b', 'dataset.P.c']);
    await writer.append({ kind: 'failed', resourceId: 'dataset.P.a', error: 'x' });
    expect(target.batches).toHaveLength(3);
  });

  it('rejects the appends of a batch that could not be written', async () => {
    const writer = new JournalWriter(journal(true));
    await expect(writer.append({ kind: 'intent', resourceId: 'dataset.P.a', action: 'create' })).rejects.toThrow('disk full');
  });
});
