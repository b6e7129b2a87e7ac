import { randomUUID } from 'node:crypto';
import { type FileHandle, lstat, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type ApplyJournal,
  DataikuIaCError,
  hasErrorCode,
  InvalidArgumentError,
  type LockHandle,
  type LockInfo,
  type LockOptions,
  nowTimestamp,
  type SaveOptions,
  type SaveResult,
  type State,
  type StateBackend,
  StateConflictError,
  StateNotFoundError,
  type StateVersion,
  StateWriteError,
} from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import { createBackup, listBackups, rotateBackups, serialOfBackup } from './backups.js';
import { type ContentSnapshot, hasSameContent, snapshotOf } from './content-snapshot.js';
import { FileJournal } from './file-journal.js';
import { acquireLock, forceUnlock, readLock } from './lock-file.js';
import { parseStateFile } from './parse-state-file.js';
import { describeIoError, type FileIdentity, identityOf, readStateBytes, sameIdentity } from './read-bytes.js';
import { readVersionSummary } from './read-version-summary.js';
import { removeStaleTemporaries } from './remove-stale-temporaries.js';
import { defaultStatePath, type StateFilePaths, stateFilePaths } from './state-paths.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { writeStateChunks } from './write-state-chunks.js';

export interface LocalFileBackendOptions {
  /** The state file. Default: `.dataiku/state/{environment}.state.json` under `baseDirectory`. */
  readonly stateFile?: string;
  /** Environment name, 1-64 letters, digits, "_" or "-"; used when `stateFile` is not given. */
  readonly environment?: string;
  /** Default: the working directory. */
  readonly baseDirectory?: string;
  /** Backups kept beside the state (newest first). Default 10. */
  readonly backupsToKeep?: number;
  /** How long `lock` and `save` wait for another holder of the lock. Default 0: fail at once. */
  readonly lockTimeoutMs?: number;
  /** Where warnings go (a stale lock taken over…). Default: stderr. */
  readonly onWarning?: (message: string) => void;
}

interface KnownFile extends ContentSnapshot {
  readonly identity: FileIdentity;
}

const UNREADABLE = Symbol('unreadable');

/**
 * State kept in a local JSON file (spec section 4), hardened: atomic replace, fsync, mode 0600,
 * rotating backups, an exclusive lock, no write when nothing changed, and an apply journal beside it.
 */
export class LocalFileBackend implements StateBackend {
  /** The state file. */
  readonly location: string;
  readonly stateFile: string;
  readonly lockFile: string;
  readonly backupDirectory: string;
  /** JSON lines in `{state file}.journal`. */
  readonly journal: ApplyJournal;
  private readonly paths: StateFilePaths;
  private readonly backupsToKeep: number;
  private readonly lockTimeoutMs: number;
  private readonly onWarning: (message: string) => void;
  private heldLock: LockHandle | undefined;
  private known: KnownFile | undefined;

  /** @throws InvalidArgumentError (INVALID_ARGUMENT) for a bad environment name or option, before touching the disk */
  constructor(options: LocalFileBackendOptions) {
    if (options.stateFile === undefined && options.environment === undefined) {
      throw new InvalidArgumentError('give a state file or an environment name');
    }
    const backupsToKeep = options.backupsToKeep ?? 10;
    const lockTimeoutMs = options.lockTimeoutMs ?? 0;
    if (!Number.isSafeInteger(backupsToKeep) || backupsToKeep < 0) throw new InvalidArgumentError(`backupsToKeep must be a whole number >= 0, not ${backupsToKeep}`);
    if (!Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) throw new InvalidArgumentError(`lockTimeoutMs must be >= 0, not ${lockTimeoutMs}`);
    this.paths = stateFilePaths(options.stateFile ?? defaultStatePath(options.environment as string, options.baseDirectory));
    this.stateFile = this.paths.stateFile;
    this.location = this.paths.stateFile;
    this.lockFile = this.paths.lockFile;
    this.backupDirectory = this.paths.backupDirectory;
    this.journal = new FileJournal(this.paths.journalFile);
    this.backupsToKeep = backupsToKeep;
    this.lockTimeoutMs = lockTimeoutMs;
    this.onWarning = options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`));
  }

  /**
   * Read, validate and checksum-verify the state file. Never modifies it.
   * @throws StateNotFoundError (STATE_NOT_FOUND), StateCorruptedError (STATE_CORRUPTED), StateReadError (STATE_READ),
   *   StateVersionError (STATE_VERSION_UNSUPPORTED); the first three say where the backups are when there are some
   */
  async load(): Promise<State> {
    const hint = await this.recoveryHint();
    const { bytes, identity } = await readStateBytes(this.stateFile, hint);
    const state = await parseStateFile(this.stateFile, bytes, hint);
    this.known = { ...snapshotOf(state), identity };
    return state;
  }

  /**
   * Save atomically, under the lock (taken for the save unless this backend already holds it).
   * Writes nothing when the content equals the file on disk; otherwise the serial becomes one more
   * than the one on disk, the lineage is assigned if it was not, and the replaced file is backed up.
   * With `preserveSerial`, the state is stored with its own serial, lineage and update time instead.
   * Updates `state.serial`, `state.lineage` and `state.updatedAt` to what is on disk afterwards.
   * @throws StateWriteError (STATE_WRITE) for an invalid state or an I/O failure; the old file is intact
   * @throws StateConflictError (STATE_CONFLICT) for another lineage, a newer serial on disk (with
   *   `preserveSerial`: one not lower), or an unreadable file, unless forced
   * @throws StateVersionError (STATE_VERSION_UNSUPPORTED) when the file on disk has a newer format, even if forced
   * @throws StateLockedError (STATE_LOCKED) when another process holds the lock
   */
  async save(state: State, options: SaveOptions = {}): Promise<SaveResult> {
    return this.withLock('save', () => this.saveLocked(state, options.force === true, options.preserveSerial === true));
  }

  private async saveLocked(state: State, force: boolean, preserveSerial: boolean): Promise<SaveResult> {
    const current = await this.currentContent(force);
    const stored = current === UNREADABLE ? undefined : current;
    if (stored !== undefined && !force) this.assertNoConflict(stored, state, preserveSerial);
    if (stored !== undefined && hasSameContent(stored, state, state.lineage) && (!preserveSerial || stored.serial === state.serial)) {
      state.serial = stored.serial;
      return { written: false, location: this.stateFile, serial: stored.serial, lineage: stored.lineage };
    }
    const next = state.clone();
    if (!preserveSerial) {
      next.serial = Math.max(stored?.serial ?? 0, state.serial) + 1;
      next.lineage = state.lineage ?? randomUUID();
      next.updatedAt = nowTimestamp();
    }
    const previousVersion = await this.write(next, current);
    await rotateBackups(this.backupDirectory, this.backupsToKeep).catch((error: unknown) => {
      this.onWarning(`could not remove old backups in ${this.backupDirectory}: ${describeIoError(error)}`);
    });
    this.known = { ...snapshotOf(next), identity: identityOf(await stat(this.stateFile)) };
    state.serial = next.serial;
    state.lineage = next.lineage;
    state.updatedAt = next.updatedAt;
    return { written: true, location: this.stateFile, serial: next.serial, lineage: next.lineage, ...(previousVersion === undefined ? {} : { previousVersion }) };
  }

  /** Write `next` over the state file, backing up `current` first; returns the backup's path. */
  private async write(next: State, current: ContentSnapshot | undefined | typeof UNREADABLE): Promise<string | undefined> {
    const json = next.toJSON();
    // Resources are valid by construction (ids, types, metadata); the rest is checked here.
    const issues = validateState({ ...json, resources: {} }).issues;
    if (issues.length > 0) throw this.invalidState(issues.map(formatIssue));
    let backup: string | undefined;
    try {
      await mkdir(dirname(this.stateFile), { recursive: true, mode: 0o700 });
      await removeStaleTemporaries(this.paths.temporaryPrefix);
      const writeVerified = async (handle: FileHandle): Promise<void> => {
        // What was written is verified before it can replace anything.
        const problems = await writeStateChunks(handle, json);
        if (problems.length > 0) throw this.invalidState(problems);
      };
      await writeFileAtomic(this.stateFile, writeVerified, {
        temporaryPrefix: this.paths.temporaryPrefix,
        beforeReplace: async () => {
          if (current === undefined) return;
          const serial = current === UNREADABLE ? undefined : current.serial;
          backup = await createBackup({
            stateFile: this.stateFile,
            backupDirectory: this.backupDirectory,
            serial,
            ...(serial === undefined ? { suffix: 'unreadable' } : {}),
            link: true,
          });
        },
      });
    } catch (error) {
      if (hasErrorCode(error, 'STATE_WRITE')) throw error;
      throw new StateWriteError(this.stateFile, describeIoError(error), { cause: error });
    }
    return backup;
  }

  /** The content on disk: from memory when the file is the one we last read or wrote, else read again. */
  private async currentContent(force: boolean): Promise<ContentSnapshot | undefined | typeof UNREADABLE> {
    let identity: FileIdentity;
    try {
      identity = identityOf(await lstat(this.stateFile));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StateWriteError(this.stateFile, describeIoError(error), { cause: error });
    }
    if (this.known !== undefined && sameIdentity(this.known.identity, identity)) return this.known;
    try {
      const { bytes } = await readStateBytes(this.stateFile);
      return snapshotOf(await parseStateFile(this.stateFile, bytes));
    } catch (error) {
      if (hasErrorCode(error, 'STATE_NOT_FOUND')) return undefined;
      // A newer format is never overwritten, not even by force: this version would lose what it holds.
      if (hasErrorCode(error, 'STATE_VERSION_UNSUPPORTED')) throw error;
      if (force) return UNREADABLE;
      const reason = DataikuIaCError.isInstance(error) ? error.message : String(error);
      const restore = (await this.recoveryHint()) ?? 'fix it';
      throw new StateConflictError(this.stateFile, `it cannot be read (${reason})`, {
        cause: error,
        hint: `${restore}, or force the save to replace it (the unreadable file is then kept in ${this.backupDirectory})`,
      });
    }
  }

  private assertNoConflict(stored: ContentSnapshot, state: State, preserveSerial: boolean): void {
    const replace = `force the save to replace it (the replaced file is then kept in ${this.backupDirectory})`;
    if (stored.lineage !== state.lineage) {
      const describe = (lineage: string | null): string => lineage ?? 'none';
      throw new StateConflictError(this.stateFile, `it belongs to lineage ${describe(stored.lineage)} and this state to lineage ${describe(state.lineage)}`, { hint: replace });
    }
    if (preserveSerial && (stored.serial > state.serial || (stored.serial === state.serial && !hasSameContent(stored, state, state.lineage)))) {
      throw new StateConflictError(this.stateFile, `it has serial ${stored.serial}, not lower than serial ${state.serial} of the state to store`, { hint: replace });
    }
    if (stored.serial > state.serial) {
      throw new StateConflictError(
        this.stateFile,
        `it has serial ${stored.serial}, newer than this state's serial ${state.serial} (another run saved it meanwhile)`,
        { hint: 'load it again and retry' },
      );
    }
  }

  private invalidState(problems: readonly string[]): StateWriteError {
    return new StateWriteError(this.stateFile, `the state to save is invalid: ${problems.slice(0, 3).join('; ')}`);
  }

  /**
   * The current state and the backups, newest first. Only each file's JSON is read (its checksums
   * are verified by `loadVersion`); a file that cannot be read as a state is left out.
   * @throws StateVersionError (STATE_VERSION_UNSUPPORTED) when one has a newer format
   */
  async history(): Promise<StateVersion[]> {
    const versions: StateVersion[] = [];
    const current = await readVersionSummary(this.stateFile);
    if (current !== undefined) versions.push({ ...current, current: true });
    for (const name of await this.backupNames()) {
      const backup = await readVersionSummary(join(this.backupDirectory, name));
      if (backup !== undefined) versions.push({ ...backup, current: false });
    }
    return versions;
  }

  /**
   * The current state or the newest backup with this serial, verified like `load`. Never modifies anything.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when no kept version has that serial (the hint lists those kept)
   * @throws StateCorruptedError, StateReadError, StateVersionError as `load`
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for a serial that is not a whole number >= 0
   */
  async loadVersion(serial: number): Promise<State> {
    if (!Number.isSafeInteger(serial) || serial < 0) throw new InvalidArgumentError(`a serial is a whole number >= 0, not ${serial}`);
    const current = await readVersionSummary(this.stateFile);
    if (current?.serial === serial) return this.load();
    const names = await this.backupNames();
    const hint = await this.recoveryHint();
    for (const name of names.filter((candidate) => serialOfBackup(candidate) === serial)) {
      const path = join(this.backupDirectory, name);
      const state = await parseStateFile(path, (await readStateBytes(path, hint)).bytes, hint);
      if (state.serial === serial) return state;
    }
    const kept = [...new Set([current?.serial, ...names.map(serialOfBackup)].filter((value) => value !== undefined))];
    throw new StateNotFoundError(`${this.stateFile} (serial ${serial})`, {
      hint: kept.length === 0 ? 'no version of this state is kept' : `the kept versions have serials ${kept.join(', ')}`,
    });
  }

  /**
   * Take the exclusive lock. While this backend holds it, its `save` uses it.
   * @throws StateLockedError (STATE_LOCKED), LockError (LOCK_INVALID)
   * @throws InvalidArgumentError (INVALID_ARGUMENT) when this backend holds the lock already
   */
  async lock(operation: string, options: LockOptions = {}): Promise<LockHandle> {
    if (this.heldLock !== undefined) throw new InvalidArgumentError(`this backend already holds the lock of ${this.stateFile}`);
    const handle = await acquireLock({
      lockFile: this.lockFile,
      stateFile: this.stateFile,
      operation,
      timeoutMs: options.timeoutMs ?? this.lockTimeoutMs,
      onWarning: this.onWarning,
    });
    this.heldLock = handle;
    return {
      info: handle.info,
      release: async () => {
        if (this.heldLock === handle) this.heldLock = undefined;
        await handle.release();
      },
    };
  }

  /** @throws LockError (LOCK_INVALID) when no lock is held or it has another id */
  async forceUnlock(id: string): Promise<void> {
    await forceUnlock(this.lockFile, id);
  }

  /**
   * The current lock holder, if any.
   * @throws LockError (LOCK_INVALID) when the lock file cannot be read
   */
  async readLock(): Promise<LockInfo | undefined> {
    return readLock(this.lockFile);
  }

  /** Nothing to release: every operation opens and closes its own files. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Run `action` holding the lock, unless this backend holds it already. */
  private async withLock<T>(operation: string, action: () => Promise<T>): Promise<T> {
    if (this.heldLock !== undefined) return action();
    const handle = await this.lock(operation);
    try {
      return await action();
    } finally {
      await handle.release();
    }
  }

  /** Backup file names, newest first; none when the directory cannot be read. */
  private async backupNames(): Promise<string[]> {
    return listBackups(this.backupDirectory).catch(() => []);
  }

  /** How to recover from a state file that cannot be read, when there is a backup to go back to. */
  private async recoveryHint(): Promise<string | undefined> {
    return (await this.backupNames()).length > 0 ? `restore the newest good backup from ${this.backupDirectory}` : undefined;
  }
}
