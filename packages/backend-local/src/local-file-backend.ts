import { randomUUID } from 'node:crypto';
import { type FileHandle, lstat, mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DataikuIaCError,
  hasErrorCode,
  InvalidArgumentError,
  type LockInfo,
  nowTimestamp,
  type State,
  type StateJson,
  StateConflictError,
  StateNotFoundError,
  StateWriteError,
} from '@dataiku-iac/models';
import { formatIssue, validateState } from '@dataiku-iac/schema';
import { createBackup, listBackups, rotateBackups } from './backups.js';
import { type ContentSnapshot, hasSameContent, snapshotOf } from './content-snapshot.js';
import { acquireLock, forceUnlock, type LockHandle, readLock } from './lock-file.js';
import { parseStateBytes } from './parse-state-file.js';
import { describeIoError, type FileIdentity, identityOf, readStateBytes, sameIdentity } from './read-bytes.js';
import { removeStaleTemporaries } from './remove-stale-temporaries.js';
import { type ChunkVerifier, createChunkVerifier } from './scan/chunk-verifier.js';
import { stateFileChunks } from './serialize-state.js';
import type { SaveOptions, SaveResult, StateBackend } from './state-backend.js';
import { defaultStatePath, type StateFilePaths, stateFilePaths } from './state-paths.js';
import { verifyChecksums } from './verify-checksums.js';
import { writeFileAtomic } from './write-file-atomic.js';

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
/** From this many resources, checksums are verified by a worker thread while the file is written. */
const WORKER_MINIMUM_RESOURCES = 2048;

async function writeChunks(handle: FileHandle, json: StateJson, verifier: ChunkVerifier): Promise<void> {
  let buffer = Buffer.allocUnsafeSlow(1 << 20);
  for (const chunk of stateFileChunks(json)) {
    if (chunk.text.length > buffer.length) buffer = Buffer.allocUnsafeSlow(chunk.text.length * 2);
    const length = buffer.write(chunk.text, 0, 'latin1');
    await handle.write(buffer, 0, length);
    // A copy of its own: the verifier may move it to another thread.
    if (chunk.resourceIds.length > 0) verifier.submit(new Uint8Array(buffer.subarray(0, length)));
  }
}

/**
 * State kept in a local JSON file (spec section 4), hardened: atomic replace, fsync, mode 0600,
 * rotating backups, an exclusive lock, and no write when nothing changed.
 */
export class LocalFileBackend implements StateBackend {
  readonly stateFile: string;
  readonly lockFile: string;
  readonly backupDirectory: string;
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
    this.lockFile = this.paths.lockFile;
    this.backupDirectory = this.paths.backupDirectory;
    this.backupsToKeep = backupsToKeep;
    this.lockTimeoutMs = lockTimeoutMs;
    this.onWarning = options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`));
  }

  async exists(): Promise<boolean> {
    try {
      await lstat(this.stateFile);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Read, validate and checksum-verify the state file. Never modifies it.
   * @throws StateNotFoundError (STATE_NOT_FOUND), StateCorruptedError (STATE_CORRUPTED), StateReadError (STATE_READ)
   */
  async load(): Promise<State> {
    const { bytes, identity } = await readStateBytes(this.stateFile);
    const state = await parseStateBytes(this.stateFile, bytes, true);
    this.known = { ...snapshotOf(state), identity };
    return state;
  }

  /**
   * Save atomically, under the lock (taken for the save unless this backend already holds it).
   * Writes nothing when the content equals the file on disk; otherwise the serial becomes one more
   * than the one on disk, the lineage is assigned if it was not, and the replaced file is backed up.
   * Updates `state.serial`, `state.lineage` and `state.updatedAt` to what is on disk afterwards.
   * @throws StateWriteError (STATE_WRITE) for an invalid state or an I/O failure; the old file is intact
   * @throws StateConflictError (STATE_CONFLICT) for another lineage, a newer serial on disk, or an unreadable file (unless forced)
   * @throws StateLockedError (STATE_LOCKED) when another process holds the lock
   */
  async save(state: State, options: SaveOptions = {}): Promise<SaveResult> {
    return this.withLock('save', () => this.saveLocked(state, options.force === true));
  }

  private async saveLocked(state: State, force: boolean): Promise<SaveResult> {
    const current = await this.currentContent(force);
    const onDisk = current === UNREADABLE ? undefined : current;
    if (onDisk !== undefined && !force) this.assertNoConflict(onDisk, state);
    if (onDisk !== undefined && hasSameContent(onDisk, state, state.lineage)) {
      state.serial = onDisk.serial;
      return { written: false, stateFile: this.stateFile, serial: onDisk.serial, lineage: onDisk.lineage };
    }
    const next = state.clone();
    next.serial = Math.max(onDisk?.serial ?? 0, state.serial) + 1;
    next.lineage = state.lineage ?? randomUUID();
    next.updatedAt = nowTimestamp();
    const json = next.toJSON();
    // Resources are valid by construction (ids, types, metadata); the rest is checked here.
    const issues = validateState({ ...json, resources: {} }).issues;
    if (issues.length > 0) throw this.invalidState(issues.map(formatIssue));
    // Every checksum is verified from the very bytes written, chunk by chunk, while the next chunk is written.
    const verifier = createChunkVerifier(next.size >= WORKER_MINIMUM_RESOURCES);
    let backupFile: string | undefined;
    try {
      await mkdir(dirname(this.stateFile), { recursive: true, mode: 0o700 });
      await removeStaleTemporaries(this.paths.temporaryPrefix);
      await writeFileAtomic(this.stateFile, (handle) => writeChunks(handle, json, verifier), {
        temporaryPrefix: this.paths.temporaryPrefix,
        beforeReplace: async () => {
          const mismatches = verifyChecksums(next, await verifier.finish());
          if (mismatches.length > 0) throw this.invalidState(mismatches);
          if (current === undefined) return;
          backupFile = await createBackup({
            stateFile: this.stateFile,
            backupDirectory: this.backupDirectory,
            serial: onDisk?.serial,
            ...(onDisk === undefined ? { suffix: 'unreadable' } : {}),
            link: true,
          });
        },
      });
    } catch (error) {
      if (hasErrorCode(error, 'STATE_WRITE')) throw error;
      throw new StateWriteError(this.stateFile, describeIoError(error), { cause: error });
    } finally {
      verifier.cancel();
    }
    await rotateBackups(this.backupDirectory, this.backupsToKeep).catch((error: unknown) => {
      this.onWarning(`could not remove old backups in ${this.backupDirectory}: ${describeIoError(error)}`);
    });
    this.known = { ...snapshotOf(next), identity: identityOf(await stat(this.stateFile)) };
    state.serial = next.serial;
    state.lineage = next.lineage;
    state.updatedAt = next.updatedAt;
    return { written: true, stateFile: this.stateFile, serial: next.serial, lineage: next.lineage, ...(backupFile === undefined ? {} : { backupFile }) };
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
      return snapshotOf(await parseStateBytes(this.stateFile, bytes, true));
    } catch (error) {
      if (hasErrorCode(error, 'STATE_NOT_FOUND')) return undefined;
      if (force) return UNREADABLE;
      const reason = DataikuIaCError.isInstance(error) ? error.message : String(error);
      throw new StateConflictError(
        this.stateFile,
        `it cannot be read (${reason}); restore the newest good backup from ${this.backupDirectory}, or force the save to replace it`,
      );
    }
  }

  private assertNoConflict(onDisk: ContentSnapshot, state: State): void {
    if (onDisk.lineage !== state.lineage && !(onDisk.lineage === null && state.lineage === null)) {
      const describe = (lineage: string | null): string => lineage ?? 'none';
      throw new StateConflictError(
        this.stateFile,
        `it belongs to lineage ${describe(onDisk.lineage)} and this state to lineage ${describe(state.lineage)}; force the save to replace it`,
      );
    }
    if (onDisk.serial > state.serial) {
      throw new StateConflictError(
        this.stateFile,
        `it has serial ${onDisk.serial}, newer than this state's serial ${state.serial} (another run saved it meanwhile); load it again and retry`,
      );
    }
  }

  private invalidState(problems: readonly string[]): StateWriteError {
    return new StateWriteError(this.stateFile, `the state to save is invalid: ${problems.slice(0, 3).join('; ')}`);
  }

  /** Remove the state file, keeping a backup of it; returns the backup's path. */
  async delete(): Promise<string | undefined> {
    return this.withLock('delete', async () => {
      if (!(await this.exists())) return undefined;
      const backup = await createBackup({
        stateFile: this.stateFile,
        backupDirectory: this.backupDirectory,
        serial: await this.peekSerial(),
        suffix: 'deleted',
        link: true,
      });
      await unlink(this.stateFile);
      this.known = undefined;
      return backup;
    });
  }

  /**
   * Copy the current state file into the backup directory (it is not rotated away by later saves
   * until it is among the oldest). Returns the backup's path.
   * @throws StateNotFoundError (STATE_NOT_FOUND) when there is no state file
   */
  async backup(suffix = 'manual'): Promise<string> {
    if (!(await this.exists())) throw new StateNotFoundError(this.stateFile);
    return createBackup({ stateFile: this.stateFile, backupDirectory: this.backupDirectory, serial: await this.peekSerial(), suffix });
  }

  /** Backup file names, newest first (in `backupDirectory`). */
  async listBackups(): Promise<string[]> {
    return listBackups(this.backupDirectory);
  }

  /**
   * Take the exclusive lock. While this backend holds it, its `save` uses it.
   * @throws StateLockedError (STATE_LOCKED), LockError (LOCK_INVALID)
   */
  async lock(operation: string, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
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

  /** Run `action` holding the lock, unless this backend holds it already. */
  async withLock<T>(operation: string, action: () => Promise<T>): Promise<T> {
    if (this.heldLock !== undefined) return action();
    const handle = await this.lock(operation);
    try {
      return await action();
    } finally {
      await handle.release();
    }
  }

  /** @throws LockError (LOCK_INVALID) when no lock is held or it has another id */
  async forceUnlock(id: string): Promise<void> {
    await forceUnlock(this.lockFile, id);
  }

  /** The current lock holder, if any. */
  async readLock(): Promise<LockInfo | undefined> {
    return readLock(this.lockFile);
  }

  /** The serial at the top of the file, without reading it all; undefined when unreadable. */
  private async peekSerial(): Promise<number | undefined> {
    try {
      const handle = await open(this.stateFile, 'r');
      try {
        const head = Buffer.alloc(4096);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const match = /"serial"\s*:\s*(\d{1,15})[,\s}]/.exec(head.toString('utf8', 0, bytesRead));
        return match === null ? undefined : Number(match[1]);
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
  }
}
