import {
  assertEnvironmentName,
  type ApplyJournal,
  DataikuIaCError,
  InvalidArgumentError,
  LockError,
  oneLine,
  type LockHandle,
  type LockInfo,
  type LockOptions,
  type SaveOptions,
  type SaveResult,
  type State,
  type StateBackend,
  StateNotFoundError,
  StateReadError,
  type StateVersion,
  StateWriteError,
} from '@dataiku-iac/models';
import pg from 'pg';
import { type AdvisoryKeys, advisoryKeys } from './advisory-keys.js';
import { connectionFailure } from './connection-failure.js';
import { type ConnectionSettings, parseConnectionUrl } from './connection-settings.js';
import { BackendSchemaError } from './errors/backend-schema-error.js';
import { BackendUnavailableError } from './errors/backend-unavailable-error.js';
import { migrate, readSchemaVersion, SCHEMA_VERSION } from './migrations.js';
import { PostgresJournal } from './postgres-journal.js';
import { readHistory, readState } from './read-state.js';
import { DEFAULT_SCHEMA, quoteSchemaName } from './schema-name.js';
import { acquireLock, forceUnlock, type LockContext, releaseLock } from './session-lock.js';
import { CommitUnknownError, Session } from './session.js';
import { type Tables, tablesIn } from './tables.js';
import { type Snapshot, writeState } from './write-state.js';

export interface PostgresBackendOptions {
  /**
   * `postgres://user[:password]@host[:port]/database[?sslmode=require&schema=name&connect_timeout=10]`.
   * Without a password in it, PGPASSWORD or ~/.pgpass gives it.
   */
  readonly url: string;
  /** 1-64 letters, digits, "_" or "-": the key of this state in the tables. */
  readonly environment: string;
  /** The schema of the tables, created on first use. Default: the URL's `schema`, else `dataiku_iac`. */
  readonly schema?: string;
  /** Previous versions kept per environment (newest first). Default 10. */
  readonly historyToKeep?: number;
  /** How long `lock` and `save` wait for another holder of the lock. Default 0: fail at once. */
  readonly lockTimeoutMs?: number;
  /** Where warnings go (a dead holder's lock taken over…). Default: stderr. */
  readonly onWarning?: (message: string) => void;
  /** Where PGPASSWORD, PGUSER… are read. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

type Operation = 'read' | 'write' | 'lock';

const MAX_CONNECTIONS = 4;
const NOT_CHANGED = 'nothing was changed; retry once the server can be reached';

/**
 * States kept in PostgreSQL: one row per resource version, so that a save writes only what changed;
 * previous versions kept; a lock tied to the holder's database session; the apply journal beside.
 * Several machines can share one database (and one schema per team, with `schema`).
 */
export class PostgresBackend implements StateBackend {
  /** `postgres://user@host:port/database (schema S, environment E)`: never the password. */
  readonly location: string;
  readonly environment: string;
  readonly schema: string;
  readonly journal: ApplyJournal;
  readonly #settings: ConnectionSettings;
  readonly #pool: pg.Pool;
  readonly #tables: Tables;
  readonly #keys: AdvisoryKeys;
  readonly #historyToKeep: number;
  readonly #lockTimeoutMs: number;
  readonly #onWarning: (message: string) => void;
  #tablesReady = false;
  #held: { readonly session: Session; readonly info: LockInfo } | undefined;
  #known: Snapshot | undefined;
  #closed = false;

  /**
   * Checks every option, and connects to nothing yet.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for a bad environment name (before anything
   *   else), URL, schema name or option
   */
  constructor(options: PostgresBackendOptions) {
    assertEnvironmentName(options.environment);
    this.environment = options.environment;
    this.#settings = parseConnectionUrl(options.url, options.env);
    this.schema = options.schema ?? this.#settings.schema ?? DEFAULT_SCHEMA;
    this.#tables = tablesIn(quoteSchemaName(this.schema));
    const historyToKeep = options.historyToKeep ?? 10;
    const lockTimeoutMs = options.lockTimeoutMs ?? 0;
    if (!Number.isSafeInteger(historyToKeep) || historyToKeep < 0) throw new InvalidArgumentError(`historyToKeep must be a whole number >= 0, not ${historyToKeep}`);
    if (!Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) throw new InvalidArgumentError(`lockTimeoutMs must be >= 0, not ${lockTimeoutMs}`);
    this.#historyToKeep = historyToKeep;
    this.#lockTimeoutMs = lockTimeoutMs;
    this.#onWarning = options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`));
    this.#keys = advisoryKeys(this.schema, this.environment);
    this.location = `${this.#settings.display} (schema ${this.schema}, environment ${this.environment})`;
    this.#pool = createPool(this.#settings);
    this.journal = new PostgresJournal({
      environment: this.environment,
      read: (work, empty) => this.#withSession('read', false, (session) => session.run((client) => work(client, this.#tables)), () => empty),
      write: (work) => this.#withSession('write', true, (session) => session.run((client) => work(client, this.#tables))),
    });
  }

  /**
   * The current state, validated and every checksum verified. Never modifies anything (it does
   * not even create the tables).
   * @throws StateNotFoundError (STATE_NOT_FOUND), StateCorruptedError (STATE_CORRUPTED),
   *   StateVersionError (STATE_VERSION_UNSUPPORTED), BackendUnavailableError (BACKEND_UNAVAILABLE),
   *   BackendSchemaError (BACKEND_SCHEMA_UNSUPPORTED), StateReadError (STATE_READ)
   */
  async load(): Promise<State> {
    const result = await this.#withSession(
      'read',
      false,
      (session) => session.transaction((client) => readState(client, this.#readContext()), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
      () => undefined,
    );
    if (result === undefined) throw new StateNotFoundError(this.location);
    this.#known = result.writeId === undefined ? undefined : { writeId: result.writeId, resources: new Map(result.state.resources) };
    return result.state;
  }

  /**
   * Store `state` in one transaction that writes only the resources that changed, checking that
   * the stored serial is still the one `state` started from. Takes the lock for the save unless
   * this backend holds it. Nothing is written when the content equals the stored state.
   * @throws StateConflictError (STATE_CONFLICT), StateWriteError (STATE_WRITE), StateLockedError
   *   (STATE_LOCKED), StateVersionError, BackendUnavailableError, BackendSchemaError
   */
  async save(state: State, options: SaveOptions = {}): Promise<SaveResult> {
    const held = this.#held;
    if (held !== undefined) return this.#saveOn(held.session, state, options);
    const handle = await this.lock('save');
    try {
      return await this.#saveOn((this.#held as { session: Session }).session, state, options);
    } finally {
      await handle.release();
    }
  }

  async #saveOn(session: Session, state: State, options: SaveOptions): Promise<SaveResult> {
    let outcome;
    try {
      outcome = await session.transaction((client) =>
        writeState(client, { tables: this.#tables, environment: this.environment, location: this.location, historyToKeep: this.#historyToKeep }, state, options, this.#known),
      );
    } catch (error) {
      const unknown = error instanceof CommitUnknownError;
      throw this.#failure(
        unknown ? error.cause : error,
        'write',
        unknown ? 'the save may or may not have been committed: load the state to see its serial' : 'nothing was saved: the stored state is as it was',
      );
    }
    this.#known = outcome.snapshot;
    state.serial = outcome.serial;
    if (outcome.written) {
      state.lineage = outcome.lineage;
      state.updatedAt = outcome.updatedAt;
    }
    const kept = outcome.previousSerial !== undefined && this.#historyToKeep > 0;
    return {
      written: outcome.written,
      location: this.location,
      serial: outcome.serial,
      lineage: outcome.lineage,
      ...(kept ? { previousVersion: `serial ${outcome.previousSerial} in the history of ${this.location}` } : {}),
    };
  }

  /**
   * Take the exclusive lock of this environment, held by a database session of its own: if this
   * process dies or loses its connection, the server frees it. While held, this backend's saves
   * run in that session.
   * @throws StateLockedError (STATE_LOCKED) when another holder keeps it past the timeout
   * @throws InvalidArgumentError (INVALID_ARGUMENT) when this backend holds it already
   */
  async lock(operation: string, options: LockOptions = {}): Promise<LockHandle> {
    if (this.#held !== undefined) throw new InvalidArgumentError(`this backend already holds the lock of ${this.location}`);
    const session = await this.#connect('lock');
    let info: LockInfo;
    try {
      await session.run((client) => this.#prepareTables(client, true));
      info = await acquireLock(session, this.#lockContext(), operation, options.timeoutMs ?? this.#lockTimeoutMs);
    } catch (error) {
      // Ending the session frees whatever it may hold.
      session.destroy();
      throw this.#failure(error, 'lock', 'no lock was taken');
    }
    const held = { session, info };
    this.#held = held;
    let released = false;
    return {
      info,
      release: async () => {
        if (released) return;
        released = true;
        if (this.#held === held) this.#held = undefined;
        try {
          await releaseLock(session, this.#lockContext(), info);
          session.release();
        } catch {
          // Closing the session frees the lock; a row left behind is taken over by the next holder.
          session.destroy();
        }
      },
    };
  }

  /**
   * Remove the lock with this id, whoever holds it. A holder whose session still runs is ended
   * first (its save, if one is under way, is rolled back).
   * @throws LockError (LOCK_INVALID) when no lock is held, it has another id, or the holder cannot be ended
   */
  async forceUnlock(id: string): Promise<void> {
    await this.#withSession(
      'lock',
      false,
      async (session) => {
        await forceUnlock(session, this.#lockContext(), id);
      },
      () => {
        throw new LockError(this.location, 'no lock is held');
      },
    );
  }

  /** The current state and the kept previous versions, newest first; empty when there is no state. */
  async history(): Promise<StateVersion[]> {
    return this.#withSession('read', false, (session) => session.run((client) => readHistory(client, this.#readContext())), () => []);
  }

  /**
   * A kept version (or the current one), verified like `load`.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when no kept version has that serial
   */
  async loadVersion(serial: number): Promise<State> {
    if (!Number.isSafeInteger(serial) || serial < 0) throw new InvalidArgumentError(`a serial is a whole number >= 0, not ${serial}`);
    const result = await this.#withSession(
      'read',
      false,
      (session) => session.transaction((client) => readState(client, this.#readContext(), serial), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
      () => undefined,
    );
    if (result === undefined) throw new StateNotFoundError(`${this.location}, serial ${serial}`, { hint: 'only the versions in the history can be loaded' });
    return result.state;
  }

  /** Release the lock if held, and close every connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const held = this.#held;
    if (held !== undefined) {
      this.#held = undefined;
      await releaseLock(held.session, this.#lockContext(), held.info).catch(() => undefined);
      held.session.destroy();
    }
    await this.#pool.end();
  }

  /**
   * Run `work` on a connection of its own, the tables checked first; for a write they are made if
   * needed, for a read `onMissing` runs instead when there are none.
   */
  async #withSession<T>(operation: Operation, write: boolean, work: (session: Session) => Promise<T>, onMissing?: () => T): Promise<T> {
    const session = await this.#connect(operation);
    try {
      const present = await session.run((client) => this.#prepareTables(client, write));
      return present || onMissing === undefined ? await work(session) : onMissing();
    } catch (error) {
      throw this.#failure(error, operation, write ? 'retry once the server can be reached' : NOT_CHANGED);
    } finally {
      session.release();
    }
  }

  async #connect(operation: Operation): Promise<Session> {
    if (this.#closed) throw new InvalidArgumentError(`the backend of ${this.location} is closed`);
    try {
      return new Session(await this.#pool.connect());
    } catch (error) {
      throw this.#failure(error, operation, NOT_CHANGED);
    }
  }

  /**
   * True when the tables exist at our schema version; for a write, they are created or migrated
   * first. Tables of a newer version are refused.
   */
  async #prepareTables(client: pg.ClientBase, write: boolean): Promise<boolean> {
    if (this.#tablesReady) return true;
    let version = await readSchemaVersion(client, this.#tables);
    if (version < SCHEMA_VERSION && (write || version > 0)) {
      try {
        version = Math.max(await migrate(client, this.#tables, this.#keys.migration), SCHEMA_VERSION);
      } catch (error) {
        if ((error as { code?: unknown }).code !== '42501') throw error;
        throw new BackendUnavailableError(this.location, `cannot create the tables in schema ${this.schema}: ${(error as Error).message}`, {
          cause: error,
          hint: `grant CREATE on database ${this.#settings.database} to ${this.#settings.user}, or have a user who may create them use it once`,
        });
      }
    }
    if (version > SCHEMA_VERSION) throw new BackendSchemaError(this.location, version, SCHEMA_VERSION);
    this.#tablesReady = version === SCHEMA_VERSION;
    return this.#tablesReady;
  }

  /** Our own errors as they are; the database's unreachable, refused or lost as BACKEND_UNAVAILABLE; the rest by operation. */
  #failure(error: unknown, operation: Operation, lostHint: string): Error {
    if (DataikuIaCError.isInstance(error)) return error;
    const unavailable = connectionFailure(error, this.#settings, this.location, lostHint);
    if (unavailable !== undefined) return unavailable;
    const reason = oneLine((error as Error).message);
    const options = { cause: error };
    if (operation === 'read') return new StateReadError(this.location, reason, options);
    if (operation === 'write') return new StateWriteError(this.location, reason, options);
    return new LockError(this.location, reason, options);
  }

  #readContext(): { tables: Tables; environment: string; location: string } {
    return { tables: this.#tables, environment: this.environment, location: this.location };
  }

  #lockContext(): LockContext {
    return { tables: this.#tables, keys: this.#keys, environment: this.environment, location: this.location, onWarning: this.#onWarning };
  }
}

function createPool(settings: ConnectionSettings): pg.Pool {
  const { password } = settings;
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    // A function, so that the password never sits in an object that could be logged.
    ...(password === undefined ? {} : { password: () => password }),
    ssl: settings.sslMode === 'disable' ? false : { rejectUnauthorized: settings.sslMode === 'verify-full' },
    connectionTimeoutMillis: settings.connectTimeoutMs,
    keepAlive: true,
    application_name: 'dataiku-iac',
    max: MAX_CONNECTIONS,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  // A broken idle connection: the pool drops it, the next operation opens another.
  pool.on('error', () => undefined);
  return pool;
}
