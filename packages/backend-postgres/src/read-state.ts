import { State, STATE_VERSION, StateCorruptedError, StateVersionError, type StateVersion } from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import type pg from 'pg';
import { RESOURCE_COLUMNS, type ResourceRow, resourceOfRow } from './resource-rows.js';
import type { Tables } from './tables.js';

/** What a version row says about a state, apart from its resources. */
interface VersionHeader {
  readonly serial: number;
  readonly lineage: string | null;
  readonly formatVersion: number;
  readonly stateEnvironment: string;
  readonly updatedAt: string;
  readonly resourceCount: number;
  /** Set for the current version: changes with every save. */
  readonly writeId: string | undefined;
}

export interface ReadContext {
  readonly tables: Tables;
  readonly environment: string;
  readonly location: string;
}

export interface ReadResult {
  readonly state: State;
  readonly writeId: string | undefined;
}

/** Most problems listed in a StateCorruptedError: the first ones say enough. */
const MAX_PROBLEMS = 100;
const CORRUPTED_HINT = 'the previous versions of this environment are kept in the database: restore the newest good one';

const HEADER_COLUMNS = `v.serial::float8 AS serial, v.lineage, v.format_version, v.state_environment, v.updated_at, v.resource_count,
  CASE WHEN e.serial = v.serial THEN e.write_id END AS write_id`;

interface HeaderRow {
  serial: number;
  lineage: string | null;
  format_version: number;
  state_environment: string;
  updated_at: string;
  resource_count: number;
  write_id: string | null;
}

/**
 * The current version (or the one with `serial`), validated and every checksum verified; undefined
 * when there is none. Run it in a REPEATABLE READ transaction so that the header and the rows
 * belong to the same version.
 * @throws StateCorruptedError (STATE_CORRUPTED), StateVersionError (STATE_VERSION_UNSUPPORTED)
 */
export async function readState(client: pg.ClientBase, context: ReadContext, serial?: number): Promise<ReadResult | undefined> {
  const { tables, environment } = context;
  const headers = await client.query<HeaderRow>(
    serial === undefined
      ? `SELECT ${HEADER_COLUMNS} FROM ${tables.environments} e JOIN ${tables.versions} v ON v.environment = e.name AND v.serial = e.serial WHERE e.name = $1`
      : `SELECT ${HEADER_COLUMNS} FROM ${tables.versions} v JOIN ${tables.environments} e ON e.name = v.environment WHERE v.environment = $1 AND v.serial = $2`,
    serial === undefined ? [environment] : [environment, serial],
  );
  const row = headers.rows[0];
  if (row === undefined) return undefined;
  const header = headerOf(row);
  if (header.formatVersion > STATE_VERSION) throw new StateVersionError(context.location, header.formatVersion, STATE_VERSION);
  const rows = await client.query<ResourceRow>({
    text:
      serial === undefined
        ? `SELECT ${RESOURCE_COLUMNS} FROM ${tables.resources} WHERE environment = $1 AND until IS NULL`
        : `SELECT ${RESOURCE_COLUMNS} FROM ${tables.resources} WHERE environment = $1 AND since <= $2 AND (until IS NULL OR until > $2)`,
    values: serial === undefined ? [environment] : [environment, serial],
    rowMode: 'array',
  });
  return { state: buildState(header, rows.rows, context.location), writeId: header.writeId };
}

/** The kept versions, newest first. */
export async function readHistory(client: pg.ClientBase, context: ReadContext): Promise<StateVersion[]> {
  const { tables } = context;
  const { rows } = await client.query<HeaderRow>(
    `SELECT ${HEADER_COLUMNS} FROM ${tables.versions} v JOIN ${tables.environments} e ON e.name = v.environment WHERE v.environment = $1 ORDER BY v.serial DESC`,
    [context.environment],
  );
  return rows.map((row) => ({
    serial: row.serial,
    lineage: row.lineage,
    updatedAt: row.updated_at,
    resourceCount: row.resource_count,
    current: row.write_id !== null,
  }));
}

function headerOf(row: HeaderRow): VersionHeader {
  return {
    serial: row.serial,
    lineage: row.lineage,
    formatVersion: row.format_version,
    stateEnvironment: row.state_environment,
    updatedAt: row.updated_at,
    resourceCount: row.resource_count,
    writeId: row.write_id ?? undefined,
  };
}

function buildState(header: VersionHeader, rows: readonly ResourceRow[], location: string): State {
  const envelope = { version: header.formatVersion, serial: header.serial, lineage: header.lineage, environment: header.stateEnvironment, updated_at: header.updatedAt, resources: {} };
  const problems = validateState(envelope).issues.map(formatIssue);
  const state = new State({ serial: header.serial, lineage: header.lineage, environment: header.stateEnvironment, updatedAt: header.updatedAt });
  for (const row of rows) {
    const resource = resourceOfRow(row);
    if (typeof resource === 'string') {
      if (problems.length < MAX_PROBLEMS) problems.push(resource);
    } else if (state.hasResource(resource.resourceId)) {
      if (problems.length < MAX_PROBLEMS) problems.push(`/resources/${resource.resourceId}: stored twice`);
    } else {
      state.addResource(resource);
    }
  }
  if (problems.length === 0 && rows.length !== header.resourceCount) {
    problems.push(`/resources: ${rows.length} resources are stored, the version records ${header.resourceCount}`);
  }
  if (problems.length > 0) throw new StateCorruptedError(location, problems, { hint: CORRUPTED_HINT });
  return state;
}
