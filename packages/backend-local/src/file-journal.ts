import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ApplyJournal, InvalidArgumentError, isJsonObject, type JsonObject, StateWriteError } from '@dataiku-iac/models';
import { JournalCorruptedError } from './journal-corrupted-error.js';
import { describeIoError } from './read-bytes.js';
import { fsyncDirectory } from './write-file-atomic.js';

const NEWLINE = 0x0a;

/**
 * The apply journal as a file of JSON lines (one record per line, mode 0600) beside the state.
 * Every append is on disk (file fsynced, and its directory when the append created it) before it
 * resolves. A crash in the middle of an append can leave a last line without its newline: that
 * line was never acknowledged, so reading ignores it and the next append removes it. Symbolic
 * links are never followed.
 */
export class FileJournal implements ApplyJournal {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** @throws JournalCorruptedError (JOURNAL_CORRUPTED) when the file is not a journal, with a hint */
  async read(): Promise<JsonObject[]> {
    const bytes = await this.readBytes();
    if (bytes === undefined) return [];
    const complete = bytes.lastIndexOf(NEWLINE) + 1;
    const lines = bytes.toString('utf8', 0, complete).split('\n').slice(0, -1);
    return lines.map((line, index) => {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw new JournalCorruptedError(this.path, `line ${index + 1} is not valid JSON`);
      }
      if (!isJsonObject(record)) throw new JournalCorruptedError(this.path, `line ${index + 1} is not a JSON object`);
      return record;
    });
  }

  /**
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for a record that is not a JSON object
   * @throws StateWriteError (STATE_WRITE) when the journal cannot be written
   * @throws JournalCorruptedError (JOURNAL_CORRUPTED) when the path is not a regular file
   */
  async append(records: readonly JsonObject[]): Promise<void> {
    const text = records.map((record, index) => `${toLine(record, index)}\n`).join('');
    if (text === '') return;
    let handle: FileHandle | undefined;
    let created: boolean;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      ({ handle, created } = await this.openForAppend());
      if (!created) await this.dropTornLine(handle);
      await handle.write(text);
      await handle.sync();
    } catch (error) {
      if (error instanceof JournalCorruptedError) throw error;
      throw new StateWriteError(this.path, describeIoError(error), { cause: error });
    } finally {
      await handle?.close();
    }
    if (created) await fsyncDirectory(dirname(this.path));
  }

  /** @throws StateWriteError (STATE_WRITE) when the journal cannot be removed */
  async clear(): Promise<void> {
    try {
      await unlink(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new StateWriteError(this.path, describeIoError(error), { cause: error });
    }
    await fsyncDirectory(dirname(this.path));
  }

  private async readBytes(): Promise<Buffer | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      const refused = this.openError(error);
      throw refused instanceof JournalCorruptedError ? refused : new JournalCorruptedError(this.path, describeIoError(error), { cause: error });
    }
    try {
      await this.assertRegularFile(handle);
      return await handle.readFile();
    } catch (error) {
      if (error instanceof JournalCorruptedError) throw error;
      throw new JournalCorruptedError(this.path, describeIoError(error), { cause: error });
    } finally {
      await handle.close();
    }
  }

  private async openForAppend(): Promise<{ handle: FileHandle; created: boolean }> {
    const flags = constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW;
    try {
      return { handle: await open(this.path, flags | constants.O_CREAT | constants.O_EXCL, 0o600), created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw this.openError(error);
    }
    let handle: FileHandle;
    try {
      handle = await open(this.path, flags | constants.O_NONBLOCK);
    } catch (error) {
      throw this.openError(error);
    }
    try {
      await this.assertRegularFile(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return { handle, created: false };
  }

  /** Cut a last line left without its newline by a crash mid-append, so the next record starts a line. */
  private async dropTornLine(handle: FileHandle): Promise<void> {
    const { size } = await handle.stat();
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === NEWLINE) return;
    const bytes = await handle.readFile();
    await handle.truncate(bytes.lastIndexOf(NEWLINE) + 1);
  }

  private async assertRegularFile(handle: FileHandle): Promise<void> {
    if (!(await handle.stat()).isFile()) throw new JournalCorruptedError(this.path, 'it is not a regular file');
  }

  private openError(error: unknown): Error {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ELOOP') return new JournalCorruptedError(this.path, 'it is a symbolic link; the journal must be a regular file');
    if (code === 'EISDIR') return new JournalCorruptedError(this.path, 'it is not a regular file');
    return error as Error;
  }
}

function toLine(record: JsonObject, index: number): string {
  if (!isJsonObject(record)) throw new InvalidArgumentError(`journal record ${index + 1} must be a JSON object`);
  try {
    return JSON.stringify(record);
  } catch (error) {
    throw new InvalidArgumentError(`journal record ${index + 1} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
