import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { StateNotFoundError, StateReadError } from '@dataiku-iac/models';

/** V8 cannot hold a longer string, so JSON.parse could not read a larger file. */
export const MAX_STATE_FILE_BYTES = 512 * 1024 * 1024 - 64;

export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

export function identityOf(stats: Stats): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity): boolean {
  if (a === undefined) return false;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/**
 * Read a state file's bytes, refusing symbolic links and anything that is not a regular file.
 * The file is opened once, so the bytes and the identity describe the same file. `hint` goes on
 * the errors (how to recover).
 * @throws StateNotFoundError (STATE_NOT_FOUND), StateReadError (STATE_READ)
 */
export async function readStateBytes(path: string, hint?: string): Promise<{ bytes: Buffer; identity: FileIdentity }> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then rejects it.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw openError(path, error, hint);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new StateReadError(path, stats.isDirectory() ? 'it is a directory, not a file' : 'it is not a regular file', { hint });
    if (stats.size > MAX_STATE_FILE_BYTES) {
      throw new StateReadError(path, `it is ${stats.size} bytes, more than the ${MAX_STATE_FILE_BYTES} a state file can have`, { hint });
    }
    const bytes = Buffer.allocUnsafeSlow(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { bytes: offset === bytes.length ? bytes : bytes.subarray(0, offset), identity: identityOf(stats) };
  } catch (error) {
    if (error instanceof StateReadError) throw error;
    throw new StateReadError(path, describeIoError(error), { cause: error, hint });
  } finally {
    await handle.close();
  }
}

function openError(path: string, error: unknown, hint: string | undefined): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new StateNotFoundError(path, { hint });
  if (code === 'ELOOP') {
    return new StateReadError(path, 'it is a symbolic link; state files must be regular files', { hint: 'use the path of the file the link points to' });
  }
  return new StateReadError(path, describeIoError(error), { cause: error, hint });
}

export function describeIoError(error: unknown): string {
  const { code, message, syscall, path } = error as NodeJS.ErrnoException;
  if (code === 'EEXIST' && syscall === 'mkdir' && path !== undefined) return `${path} is a file, not a directory`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a parent of the path is a file, not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return code === undefined ? message : `${code}: ${message.replace(/^[A-Z]+: /, '')}`;
  }
}
