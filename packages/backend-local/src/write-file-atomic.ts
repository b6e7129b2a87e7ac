import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bestEffort } from './best-effort.js';

export interface AtomicWriteOptions {
  /** Temporary files are `{temporaryPrefix}-{pid}-{random}`, in the target's directory. */
  readonly temporaryPrefix: string;
  readonly mode?: number;
  /** Runs after the new content is durable and before it replaces the target. */
  readonly beforeReplace?: () => Promise<void>;
}

/**
 * Replace `target` with `content` so that, whatever happens (crash, kill, full disk), the target
 * is either the complete old file or the complete new one: write a unique temporary file in the
 * same directory, fsync it, rename it over the target, fsync the directory. `content` is ASCII
 * text, bytes, or a function that writes them to the handle. The temporary file is removed on
 * failure.
 */
export async function writeFileAtomic(
  target: string,
  content: string | Buffer | ((handle: FileHandle) => Promise<void>),
  options: AtomicWriteOptions,
): Promise<void> {
  const temporary = `${options.temporaryPrefix}-${process.pid}-${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    const handle = await open(temporary, 'wx', options.mode ?? 0o600);
    created = true;
    try {
      if (typeof content === 'function') await content(handle);
      else await (typeof content === 'string' ? handle.writeFile(content, 'latin1') : handle.writeFile(content));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeReplace?.();
    await rename(temporary, target);
    created = false;
  } catch (error) {
    if (created) await bestEffort(unlink(temporary));
    throw error;
  }
  await fsyncDirectory(dirname(target));
}

/** Make a rename durable. Some platforms cannot open directories; there the rename is all we can do. */
export async function fsyncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM/EINVAL on platforms without directory fsync.
  } finally {
    await handle?.close();
  }
}
