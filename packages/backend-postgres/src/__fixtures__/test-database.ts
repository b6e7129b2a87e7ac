import { randomBytes } from 'node:crypto';
import { hasErrorCode, type IacErrorCode, Resource, State } from '@dataiku-iac/models';
import pg from 'pg';
import { afterEach, expect, inject } from 'vitest';
import { PostgresBackend, type PostgresBackendOptions } from '../postgres-backend.js';

/** The shared test server (see global-setup.ts). */
export const server = inject('postgres');

/** A schema name no other test uses: each test gets tables of its own. */
function uniqueSchema(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

export interface Backends {
  /** A backend on the test database, in `schema` (default: one per call of `useBackends`' test). */
  create(options?: Partial<PostgresBackendOptions>): PostgresBackend;
  /** The schema of this test. */
  readonly schema: string;
  /** Warnings of every backend created. */
  readonly warnings: string[];
}

/** Backends for each test of the calling file, in a schema of the test's own; closed after it. */
export function useBackends(): Backends {
  const created: PostgresBackend[] = [];
  const state = { schema: uniqueSchema(), warnings: [] as string[] };
  afterEach(async () => {
    await Promise.all(created.splice(0).map((backend) => backend.close()));
    state.schema = uniqueSchema();
    state.warnings.length = 0;
  });
  return {
    get schema() {
      return state.schema;
    },
    warnings: state.warnings,
    create(options = {}) {
      const backend = new PostgresBackend({
        url: server.url,
        environment: 'prod',
        schema: state.schema,
        onWarning: (message) => state.warnings.push(message),
        ...options,
      });
      created.push(backend);
      return backend;
    },
  };
}

/** Run SQL as the superuser on the test database. */
export async function superuserQuery<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values: readonly unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: server.superuserUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql, [...values])).rows;
  } finally {
    await client.end();
  }
}

const DEPLOYED_AT = '2026-11-22T02:38:53.340+00:00';

/** Three resources with non-ASCII text, a NUL character, a float, a large number and metadata of every kind. */
export function sampleState(environment = 'prod'): State {
  return new State({
    environment,
    resources: [
      new Resource({ resourceId: 'project.SALES', attributes: { name: 'Sales — ventes', tags: ['finance'], ratio: 0.1, big: 1e21 }, metadata: { deployedAt: DEPLOYED_AT } }),
      new Resource({
        resourceId: 'dataset.SALES.orders',
        attributes: { type: 'Filesystem', formatParams: { separator: ',' }, schema: { columns: [{ name: 'id', type: 'bigint' }] } },
        metadata: { deployedAt: DEPLOYED_AT, deployedBy: 'ana', dataikuInternalId: 'orders', managed: true },
      }),
      new Resource({ resourceId: 'recipe.SALES.compute_orders', attributes: { type: 'python', payload: 'print("é\\n")\u0000' }, metadata: { deployedAt: DEPLOYED_AT } }),
    ],
  });
}

/** A state of `count` datasets, each with attributes of a few hundred bytes. */
export function largeState(count: number, environment = 'prod'): State {
  const state = new State({ environment });
  for (let index = 0; index < count; index++) {
    state.addResource(
      new Resource({
        resourceId: `dataset.P${index % 50}.d${index}`,
        attributes: { type: 'Filesystem', params: { path: `/data/${index}` }, schema: { columns: [{ name: 'id', type: 'bigint' }, { name: `c${index}`, type: 'string' }] } },
        metadata: { deployedAt: DEPLOYED_AT },
      }),
    );
  }
  return state;
}

/** A copy of `state` with a new version of `resourceId`'s attributes. */
export function withChange(state: State, resourceId: string, change: Record<string, string | number>): State {
  const copy = state.clone();
  const resource = state.getResource(resourceId);
  copy.addResource(new Resource({ resourceId, attributes: { ...(resource?.attributes ?? {}), ...change }, metadata: { deployedAt: DEPLOYED_AT } }));
  return copy;
}

/** Await `action`, expect it to fail with `code` (and a message matching `message`); returns the error. */
export async function expectError(action: Promise<unknown>, code: IacErrorCode, message?: string | RegExp): Promise<Error> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(hasErrorCode(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
  return error as Error;
}
