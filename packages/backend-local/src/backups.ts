import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@dataiku-iac/models';
import { fsyncDirectory } from './write-file-atomic.js';
import { bestEffort } from './best-effort.js';

const BACKUP_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.serial-(?:\d+|unknown)(?:\.[A-Za-z0-9_-]+)?(?:-\d+)?\.json$/;
const SUFFIX = /^[A-Za-z0-9_-]{1,32}$/;

/** `2026-11-22T02-38-53-340Z.serial-4.json`: sorts by time, names the serial it holds. */
function backupFileName(serial: number | undefined, date: Date, suffix?: string): string {
  if (suffix !== undefined && !SUFFIX.test(suffix)) {
    throw new InvalidArgumentError(`invalid backup suffix ${JSON.stringify(suffix)}: use 1-32 letters, digits, "_" or "-"`);
  }
  const stamp = date.toISOString().replaceAll(':', '-').replace('.', '-');
  return `${stamp}.serial-${serial ?? 'unknown'}${suffix === undefined ? '' : `.${suffix}`}.json`;
}

export interface BackupRequest {
  readonly stateFile: string;
  readonly backupDirectory: string;
  /** The serial the backed-up file holds; undefined when it cannot be read. */
  readonly serial: number | undefined;
  readonly suffix?: string;
  /**
   * Hard-link instead of copying. Only safe when the state file is about to be replaced by a
   * rename, so the backup never shares its inode with a live file; falls back to a copy.
   */
  readonly link?: boolean;
  readonly now?: Date;
}

/** Keep a copy of the current state file; returns the backup's path. Backups are mode 0600. */
export async function createBackup(request: BackupRequest): Promise<string> {
  await mkdir(request.backupDirectory, { recursive: true, mode: 0o700 });
  const name = backupFileName(request.serial, request.now ?? new Date(), request.suffix);
  for (let attempt = 0; ; attempt++) {
    const target = join(request.backupDirectory, attempt === 0 ? name : name.replace(/\.json$/, `-${attempt}.json`));
    try {
      await placeBackup(request.stateFile, target, request.link === true);
      await fsyncDirectory(request.backupDirectory);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

async function placeBackup(source: string, target: string, preferLink: boolean): Promise<void> {
  if (preferLink && (await linkPrivately(source, target))) return;
  await copyFile(source, target, constants.COPYFILE_EXCL);
  await chmod(target, 0o600);
}

/**
 * Hard-link and make the link 0600 (the inode keeps its mode, and a state file may have become
 * 0644 through a checkout or a umask). False when that is not possible (no hard links on this file
 * system, or a file we may not chmod): the caller copies instead.
 */
async function linkPrivately(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    return false;
  }
  try {
    await chmod(target, 0o600);
    return true;
  } catch {
    await unlink(target);
    return false;
  }
}

/** The serial a backup's name says it holds; undefined for `serial-unknown`. */
export function serialOfBackup(name: string): number | undefined {
  const match = /\.serial-(\d+)[.-]/.exec(name);
  return match === null ? undefined : Number(match[1]);
}

/** Backup file names, newest first. */
export async function listBackups(backupDirectory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(backupDirectory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => BACKUP_NAME.test(name)).sort().reverse();
}

/** Delete all but the newest `keep` backups; returns the deleted names. */
export async function rotateBackups(backupDirectory: string, keep: number): Promise<string[]> {
  const stale = (await listBackups(backupDirectory)).slice(keep);
  for (const name of stale) await bestEffort(unlink(join(backupDirectory, name)));
  return stale;
}
