import { createHash, randomUUID } from 'node:crypto';
import {
  nowTimestamp,
  type Resource,
  type SaveOptions,
  type State,
  STATE_VERSION,
  StateConflictError,
  StateVersionError,
  StateWriteError,
} from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import type pg from 'pg';
import { isUnchanged, type ResourceRow, rowOf, type StoredResource } from './resource-rows.js';
import type { Tables } from './tables.js';

/** What this backend knows is stored, valid while the environment's write id is unchanged. */
export interface Snapshot {
  readonly writeId: string;
  readonly resources: ReadonlyMap<string, StoredResource>;
}

export interface WriteContext {
  readonly tables: Tables;
  readonly environment: string;
  readonly location: string;
  readonly historyToKeep: number;
}

export interface WriteOutcome {
  readonly written: boolean;
  readonly serial: number;
  readonly lineage: string | null;
  readonly updatedAt: string;
  /** The serial of the version this save replaced, when there was one. */
  readonly previousSerial: number | undefined;
  readonly snapshot: Snapshot;
}

interface Stored {
  readonly serial: number;
  readonly writeId: string;
  readonly lineage: string | null;
  readonly formatVersion: number;
  readonly stateEnvironment: string;
}

/** Rows per INSERT: 8 parameters each, far below PostgreSQL's 65,535 parameters per statement. */
const ROWS_PER_INSERT = 1000;

/**
 * Store `state` in the open transaction: compare-and-set on the stored serial (the environment's
 * row is locked first), then only the rows of resources that changed: the rows they replace get
 * `until`, new rows are inserted, and versions beyond `historyToKeep` are pruned.
 * Nothing is written when the content equals the stored state.
 * @throws StateConflictError, StateVersionError, StateWriteError (for an invalid state, before any write)
 */
export async function writeState(client: pg.ClientBase, context: WriteContext, state: State, options: SaveOptions, known: Snapshot | undefined): Promise<WriteOutcome> {
  const { tables, environment } = context;
  const stored = await lockCurrent(client, tables, environment);
  if (stored !== undefined && stored.formatVersion > STATE_VERSION) throw new StateVersionError(context.location, stored.formatVersion, STATE_VERSION);
  const preserve = options.preserveSerial === true;
  const conflict = stored === undefined ? undefined : findConflict(stored, state, preserve, options.force === true);
  if (conflict !== undefined) throw new StateConflictError(context.location, conflict);
  const storedResources = stored === undefined ? new Map<string, StoredResource>() : known?.writeId === stored.writeId ? known.resources : await readStoredResources(client, tables, environment);
  const { changed, retired } = changesBetween(storedResources, state);
  if (stored !== undefined && changed.length === 0 && retired.length === 0 && stored.lineage === state.lineage && stored.stateEnvironment === state.environment && (!preserve || stored.serial === state.serial)) {
    return { written: false, serial: stored.serial, lineage: stored.lineage, updatedAt: state.updatedAt, previousSerial: undefined, snapshot: { writeId: stored.writeId, resources: storedResources } };
  }
  if (preserve && stored !== undefined && stored.serial >= state.serial) {
    throw new StateConflictError(context.location, `it has serial ${stored.serial} and this state, of the same serial or older, differs from it; a state is copied only over an older serial`);
  }
  const serial = preserve ? state.serial : Math.max(stored?.serial ?? 0, state.serial) + 1;
  const lineage = preserve ? state.lineage : (state.lineage ?? randomUUID());
  const updatedAt = preserve ? state.updatedAt : nowTimestamp();
  assertValidEnvelope(context.location, { serial, lineage, environment: state.environment, updatedAt });
  if (retired.length > 0) {
    const all = retired.length === storedResources.size;
    await client.query(
      `UPDATE ${tables.resources} SET until = $2 WHERE environment = $1 AND until IS NULL${all ? '' : ' AND resource_id = ANY($3::text[])'}`,
      all ? [environment, serial] : [environment, serial, retired],
    );
  }
  await insertResources(client, context, serial, changed);
  const writeId = randomUUID();
  await client.query(
    `WITH version AS (
       INSERT INTO ${tables.versions} (environment, serial, lineage, format_version, state_environment, updated_at, resource_count) VALUES ($1, $2, $3, $4, $5, $6, $7)
     )
     INSERT INTO ${tables.environments} (name, serial, write_id) VALUES ($1, $2, $8) ON CONFLICT (name) DO UPDATE SET serial = EXCLUDED.serial, write_id = EXCLUDED.write_id`,
    [environment, serial, lineage, STATE_VERSION, state.environment, updatedAt, state.size, writeId],
  );
  await pruneHistory(client, tables, environment, context.historyToKeep);
  return { written: true, serial, lineage, updatedAt, previousSerial: stored?.serial, snapshot: { writeId, resources: new Map(state.resources) } };
}

/** The current version's header, its environment row locked until the transaction ends. */
async function lockCurrent(client: pg.ClientBase, tables: Tables, environment: string): Promise<Stored | undefined> {
  const { rows } = await client.query<{ serial: number; write_id: string; lineage: string | null; format_version: number; state_environment: string }>(
    `SELECT e.serial::float8 AS serial, e.write_id, v.lineage, v.format_version, v.state_environment
       FROM ${tables.environments} e JOIN ${tables.versions} v ON v.environment = e.name AND v.serial = e.serial
      WHERE e.name = $1 FOR UPDATE OF e`,
    [environment],
  );
  const row = rows[0];
  return row === undefined ? undefined : { serial: row.serial, writeId: row.write_id, lineage: row.lineage, formatVersion: row.format_version, stateEnvironment: row.state_environment };
}

function findConflict(stored: Stored, state: State, preserve: boolean, force: boolean): string | undefined {
  const describe = (lineage: string | null): string => lineage ?? 'none';
  if (stored.lineage !== state.lineage && (preserve || !force)) {
    return `it belongs to lineage ${describe(stored.lineage)} and this state to lineage ${describe(state.lineage)}${preserve ? '' : '; force the save to replace it'}`;
  }
  if (!preserve && !force && stored.serial > state.serial) {
    return `it has serial ${stored.serial}, newer than this state's serial ${state.serial} (another run saved it meanwhile); load it again and retry`;
  }
  if (preserve && stored.serial > state.serial) {
    return `it has serial ${stored.serial}, newer than this state's serial ${state.serial}`;
  }
  return undefined;
}

/** The stored resources' fingerprints, when this backend does not know them. */
async function readStoredResources(client: pg.ClientBase, tables: Tables, environment: string): Promise<Map<string, StoredResource>> {
  const { rows } = await client.query<[string, string, string, string, string, string | null, boolean]>({
    text: `SELECT resource_id, resource_type, checksum, deployed_at, deployed_by, dataiku_internal_id, managed FROM ${tables.resources} WHERE environment = $1 AND until IS NULL`,
    values: [environment],
    rowMode: 'array',
  });
  const resources = new Map<string, StoredResource>();
  for (const [id, resourceType, checksum, deployedAt, deployedBy, dataikuInternalId, managed] of rows) {
    resources.set(id, { resourceType, metadata: { checksum, deployedAt, deployedBy, dataikuInternalId, managed } });
  }
  return resources;
}

/** Resources to insert (new or changed) and ids whose current row ends (changed or removed). */
function changesBetween(stored: ReadonlyMap<string, StoredResource>, state: State): { changed: Resource[]; retired: string[] } {
  const changed: Resource[] = [];
  const retired: string[] = [];
  for (const resource of state.resources.values()) {
    const before = stored.get(resource.resourceId);
    if (isUnchanged(before, resource)) continue;
    changed.push(resource);
    if (before !== undefined) retired.push(resource.resourceId);
  }
  for (const id of stored.keys()) if (!state.hasResource(id)) retired.push(id);
  return { changed, retired };
}

function assertValidEnvelope(location: string, envelope: { serial: number; lineage: string | null; environment: string; updatedAt: string }): void {
  const { serial, lineage, environment, updatedAt } = envelope;
  const issues = validateState({ version: STATE_VERSION, serial, lineage, environment, updated_at: updatedAt, resources: {} }).issues;
  if (issues.length > 0) throw invalidState(location, issues.map(formatIssue));
}

function invalidState(location: string, problems: readonly string[]): StateWriteError {
  return new StateWriteError(location, `the state to save is invalid: ${problems.slice(0, 3).join('; ')}`);
}

/**
 * Insert the rows of `resources`, batch by batch: the next batch is serialised and checked while
 * the server stores the previous one. A resource whose checksum does not match its attributes
 * stops the save, and the transaction is rolled back.
 */
async function insertResources(client: pg.ClientBase, context: WriteContext, serial: number, resources: readonly Resource[]): Promise<void> {
  let pending: Promise<unknown> | undefined;
  try {
    for (let start = 0; start < resources.length; start += ROWS_PER_INSERT) {
      const rows = checkedRows(context.location, resources.slice(start, start + ROWS_PER_INSERT));
      await pending;
      pending = insertRows(client, context, serial, rows);
    }
    await pending;
  } catch (error) {
    await pending?.catch(() => undefined);
    throw error;
  }
}

function checkedRows(location: string, resources: readonly Resource[]): ResourceRow[] {
  const rows: ResourceRow[] = [];
  const problems: string[] = [];
  for (const resource of resources) {
    const row = rowOf(resource);
    if (typeof row === 'string') problems.push(row);
    else rows.push(row);
  }
  if (problems.length > 0) throw invalidState(location, problems);
  return rows;
}

async function insertRows(client: pg.ClientBase, context: WriteContext, serial: number, rows: readonly ResourceRow[]): Promise<void> {
  const values: unknown[] = [context.environment, serial];
  const tuples: string[] = [];
  for (const row of rows) {
    const first = values.length + 1;
    values.push(...row);
    tuples.push(`($1, $2, $${first}, $${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6}, $${first + 7})`);
  }
  const text = `INSERT INTO ${context.tables.resources} (environment, since, resource_id, resource_type, attributes, checksum, deployed_at, deployed_by, dataiku_internal_id, managed) VALUES ${tuples.join(', ')}`;
  // A full batch is a statement prepared once per connection: planning a statement of thousands of
  // parameters costs more than storing its rows.
  const name = rows.length === ROWS_PER_INSERT ? `dataiku_iac_insert_${createHash('sha256').update(text).digest('hex').slice(0, 24)}` : undefined;
  await client.query({ ...(name === undefined ? {} : { name }), text, values });
}

/**
 * Keep the current version and `historyToKeep` previous ones, and only the rows they use: a row
 * whose range ends at or before the oldest kept version belongs to no kept version.
 */
async function pruneHistory(client: pg.ClientBase, tables: Tables, environment: string, historyToKeep: number): Promise<void> {
  await client.query(
    `WITH oldest AS (SELECT serial FROM ${tables.versions} WHERE environment = $1 ORDER BY serial DESC OFFSET $2 LIMIT 1),
          versions AS (DELETE FROM ${tables.versions} WHERE environment = $1 AND serial < (SELECT serial FROM oldest))
     DELETE FROM ${tables.resources} WHERE environment = $1 AND until IS NOT NULL AND until <= (SELECT serial FROM oldest)`,
    [environment, historyToKeep],
  );
}
