import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ConfigError } from './config-error.js';
import { displayPath } from './display-path.js';
import { findConfigFiles } from './find-config-files.js';

/** SHA-256 (hex) of a file's bytes. */
export function fileHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The digest of a configuration's files, each given as its absolute path and `fileHash`: SHA-256
 * over their paths relative to `root` (sorted) and hashes. Two configurations have the same digest
 * exactly when they hold the same files with the same bytes, wherever their directory lies.
 */
export function digestFiles(root: string, hashes: Iterable<readonly [path: string, hash: string]>): string {
  const entries = [...hashes].map(([path, hash]) => [relative(root, path).split(sep).join('/'), hash] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256');
  for (const [name, hash] of entries) digest.update(`${name}\0${hash}\n`);
  return digest.digest('hex');
}

/**
 * The digest `loadConfiguration` would give the configuration at `path` (see `digestFiles`),
 * without parsing it: its YAML files as found now, and `codeFiles` (relative to its directory, as
 * `Configuration.codeFiles` lists them). For checking that a saved plan's configuration did not change.
 * @throws ConfigError (CONFIG_INVALID) when there is no configuration at `path`, or a file cannot be read
 */
export async function configurationDigest(path: string | undefined, codeFiles: readonly string[], options: { readonly cwd: string }): Promise<string> {
  const cwd = resolve(options.cwd);
  const display = (file: string): string => displayPath(cwd, file);
  const found = await findConfigFiles(path, cwd, display);
  if (!('files' in found)) throw new ConfigError([found]);
  const files = [...found.files.map((file) => file.path), ...codeFiles.map((file) => resolve(found.root, file))];
  // One file at a time, synchronously: thousands of code files cannot exhaust file descriptors.
  const hashes = files.map((file): [string, string] => {
    try {
      return [file, fileHash(readFileSync(file))];
    } catch (error) {
      throw new ConfigError([{ file: display(file), line: 0, column: 0, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }]);
    }
  });
  return digestFiles(found.root, hashes);
}
