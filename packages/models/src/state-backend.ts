import type { LockInfo } from './errors/lock-info.js';
import type { JsonObject } from './json.js';
import type { State } from './state.js';

export interface SaveOptions {
  /**
   * Overwrite a state of another lineage, a newer serial, or an unreadable state (kept aside
   * first). Never overwrites a state written in a newer format version.
   */
  readonly force?: boolean;
  /**
   * Store the state with its own serial and lineage (copying a state between backends, as
   * `state migrate` does) instead of the next serial. Refused with StateConflictError when a state
   * of another lineage is stored, or one whose serial is not lower. `written` is false when the
   * stored state already equals it.
   */
  readonly preserveSerial?: boolean;
}

export interface SaveResult {
  /** False when the content equalled the stored state: nothing was written. */
  readonly written: boolean;
  /** Where the state lives (see `StateBackend.location`). */
  readonly location: string;
  /** The stored serial after the save. */
  readonly serial: number;
  readonly lineage: string | null;
  /** Where the replaced version was kept, when the backend says (a backup file). */
  readonly previousVersion?: string;
}

export interface LockOptions {
  /** How long to wait for another holder. Default: the backend's (0 unless configured): fail at once. */
  readonly timeoutMs?: number;
}

/** A held state lock. */
export interface LockHandle {
  readonly info: LockInfo;
  /** Idempotent. */
  release(): Promise<void>;
}

/** One kept version of a state, as `history()` lists it. */
export interface StateVersion {
  readonly serial: number;
  readonly lineage: string | null;
  /** RFC 3339 `updated_at` of that version. */
  readonly updatedAt: string;
  readonly resourceCount: number;
  /** True for the current state, false for a kept previous version. */
  readonly current: boolean;
}

/**
 * The records an apply keeps beside the state (intent before each DSS write, outcome after it),
 * so that the next apply can find out what an interrupted one did. Records are opaque to the
 * backend; each `append` is durable (fsync, commit) before it resolves.
 */
export interface ApplyJournal {
  /** Every record of the interrupted apply, oldest first; empty when there is none. */
  read(): Promise<JsonObject[]>;
  append(records: readonly JsonObject[]): Promise<void>;
  /** Forget the journal: the apply it describes is finished and recorded in the state. */
  clear(): Promise<void>;
}

/**
 * Where states are kept: a local file, a database… The StateManager and the command line only ever
 * hold this interface. Every method throws `DataikuIaCError`s whose `hint` says how to recover.
 */
export interface StateBackend {
  /** Where the state lives, for messages: a file path, or a URL without its password. */
  readonly location: string;
  /**
   * The stored state, validated, every checksum verified. Never modifies anything.
   * @throws StateNotFoundError (STATE_NOT_FOUND), StateCorruptedError (STATE_CORRUPTED),
   *   StateReadError (STATE_READ), StateVersionError (STATE_VERSION_UNSUPPORTED)
   */
  load(): Promise<State>;
  /**
   * Store `state`: nothing is written when the content equals the stored state; otherwise the
   * serial becomes one more than the stored one, the lineage is assigned if it was not, and the
   * previous version is kept. Updates `state.serial`, `state.lineage` and `state.updatedAt`.
   * Takes the lock for the save unless this backend holds it already.
   * @throws StateConflictError (STATE_CONFLICT) for another lineage or a newer stored serial
   * @throws StateWriteError (STATE_WRITE), StateLockedError (STATE_LOCKED), StateVersionError
   */
  save(state: State, options?: SaveOptions): Promise<SaveResult>;
  /**
   * Take the exclusive lock for an operation (`sync`, `apply`…). While held, this backend's saves use it.
   * @throws StateLockedError (STATE_LOCKED) when another holder has it (after `timeoutMs`)
   */
  lock(operation: string, options?: LockOptions): Promise<LockHandle>;
  /**
   * Remove the lock with this id, whoever holds it.
   * @throws LockError (LOCK_INVALID) when no lock is held or it has another id
   */
  forceUnlock(id: string): Promise<void>;
  /** The current state and the kept previous versions, newest first; empty when there is no state. */
  history(): Promise<StateVersion[]>;
  /**
   * A kept version (or the current one) by serial, verified like `load`.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when no kept version has that serial
   */
  loadVersion(serial: number): Promise<State>;
  /** The apply journal of this state. */
  readonly journal: ApplyJournal;
  /** Release connections and handles. The backend is not used afterwards. */
  close(): Promise<void>;
}
