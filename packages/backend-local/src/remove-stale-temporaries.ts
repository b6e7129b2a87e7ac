import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-liveness.js';
import { bestEffort } from './best-effort.js';

/**
 * Delete temporary files left by processes that died mid-save (`{prefix}-{pid}-{random}`). Called
 * with the lock held, so no live cooperating process on this host is writing one.
 */
export async function removeStaleTemporaries(temporaryPrefix: string): Promise<void> {
  const directory = dirname(temporaryPrefix);
  const prefix = `${basename(temporaryPrefix)}-`;
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (pid !== process.pid && !isProcessAlive(pid)) await bestEffort(unlink(join(directory, name)));
  }
}
