import { describe, expect, it } from 'vitest';
import { expectError, sampleState, server, superuserQuery, useBackends } from './__fixtures__/test-database.js';

const backends = useBackends();

describe('PostgresBackend for a user with fewer rights', () => {
  it('reads without creating anything, and says what to grant when a write needs more', async () => {
    const reader = backends.create({ url: server.readerUrl });
    await expectError(reader.load(), 'STATE_NOT_FOUND');
    const error = await expectError(
      reader.save(sampleState()),
      'BACKEND_UNAVAILABLE',
      `PostgreSQL state backend ${reader.location}: cannot create the tables in schema ${backends.schema}: permission denied for database iac`,
    );
    expect(error).toMatchObject({ hint: 'grant CREATE on database iac to reader, or have a user who may create them use it once' });

    const owner = backends.create();
    await owner.save(sampleState());
    const schema = `"${backends.schema}"`;
    await superuserQuery(`GRANT USAGE ON SCHEMA ${schema} TO reader; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO reader`);
    expect((await reader.load()).size).toBe(3);
    expect(await reader.history()).toHaveLength(1);
    expect(await reader.journal.read()).toEqual([]);

    await expectError(reader.lock('sync'), 'LOCK_INVALID', `lock ${reader.location}: permission denied for table locks`);
    await superuserQuery(`GRANT INSERT, UPDATE, DELETE ON ${schema}.locks TO reader`);
    await expectError(reader.save(sampleState()), 'STATE_WRITE', `cannot write state file ${reader.location}: permission denied for table environments`);

    // Forcing the lock of a session of another user takes the right to end that session.
    const handle = await owner.lock('apply');
    const forced = await expectError(reader.forceUnlock(handle.info.id), 'LOCK_INVALID', /cannot end the holder's database session (\d+): permission denied to terminate process$/);
    const pid = /session (\d+)/.exec(forced.message)?.[1] as string;
    expect(forced).toMatchObject({ hint: `ask a database administrator to run SELECT pg_terminate_backend(${pid})` });
    expect(await owner.save(await owner.load())).toMatchObject({ written: false });
    await handle.release();

    await superuserQuery(`REVOKE SELECT ON ${schema}.resources FROM reader`);
    await expectError(reader.load(), 'STATE_READ', `cannot read state file ${reader.location}: permission denied for table resources`);
  });
});
