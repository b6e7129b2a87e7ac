import type { State } from '@dataiku-iac/models';
import type { LockHandle } from './lock-file.js';

export interface SaveOptions {
  /** Overwrite a state of another lineage, a newer serial, or an unreadable file (it is backed up first). */
  readonly force?: boolean;
}

export interface SaveResult {
  /** False when the content equalled what was on disk: nothing was written. */
  readonly written: boolean;
  readonly stateFile: string;
  /** The serial on disk after the save. */
  readonly serial: number;
  readonly lineage: string | null;
  /** The backup of the replaced file, when one was made. */
  readonly backupFile?: string;
}

/** Where states are kept (spec section 3). */
export interface StateBackend {
  /** @throws StateNotFoundError, StateCorruptedError, StateReadError */
  load(): Promise<State>;
  /** @throws StateWriteError, StateConflictError, StateLockedError */
  save(state: State, options?: SaveOptions): Promise<SaveResult>;
  exists(): Promise<boolean>;
  /** Remove the state, keeping a backup; returns the backup's path (undefined when there was no state). */
  delete(): Promise<string | undefined>;
  /** Copy the current state aside; returns the backup's path. */
  backup(suffix?: string): Promise<string>;
  /** Take the exclusive lock for an operation (sync, save…). */
  lock(operation: string, options?: { timeoutMs?: number }): Promise<LockHandle>;
  /** Remove the lock with this id, whoever holds it. */
  forceUnlock(id: string): Promise<void>;
}
