import { describe, expect, it } from 'vitest';
import { expectError, useBackends } from './__fixtures__/test-database.js';

const backends = useBackends();

describe('PostgresJournal', () => {
  it('appends records durably, reads them oldest first, and clears them', async () => {
    const journal = backends.create().journal;
    expect(await journal.read()).toEqual([]);
    await journal.append([]);
    await journal.append([{ step: 1, action: 'create', id: 'dataset.P.d', nested: { a: [1, 'é', null] } }]);
    await journal.append([{ step: 2 }, { step: 3, text: 'quote \' " \\ \u0000' }]);
    // Another process (here another backend) sees what was committed.
    const other = backends.create().journal;
    expect(await other.read()).toEqual([{ step: 1, action: 'create', id: 'dataset.P.d', nested: { a: [1, 'é', null] } }, { step: 2 }, { step: 3, text: 'quote \' " \\ \u0000' }]);
    expect(await backends.create({ environment: 'dev' }).journal.read()).toEqual([]);
    await other.clear();
    expect(await journal.read()).toEqual([]);
  });

  it('refuses a record that is not a JSON object, writing none of the batch', async () => {
    const journal = backends.create().journal;
    await expectError(journal.append([{ ok: true }, ['not', 'an', 'object'] as never]), 'INVALID_ARGUMENT', 'journal record 1 is not a JSON object');
    await expectError(journal.append([{ big: 1n } as never]), 'INVALID_ARGUMENT', /^journal record 0 is not JSON: /);
    expect(await journal.read()).toEqual([]);
  });

  it('clears nothing when there is nothing', async () => {
    const journal = backends.create().journal;
    await journal.clear();
    expect(await journal.read()).toEqual([]);
  });
});
