import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { ConfigError } from './config-error.js';
import { displayPath } from './display-path.js';
import { findConfigFiles } from './find-config-files.js';

/**
 * SHA-256 of a configuration's files: for each, by its path relative to `root` (sorted), the path,
 * its length and its bytes. Two configurations have the same digest exactly when they hold the same
 * files with the same content, wherever their directory lies.
 */
export async function digestFiles(root: string, files: readonly string[]): Promise<string> {
  const entries = files.map((file) => ({ file, name: relative(root, file).split(sep).join('/') })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const contents = await Promise.all(entries.map(async ({ file }) => readFile(file)));
  const hash = createHash('sha256');
  entries.forEach(({ name }, index) => {
    const bytes = contents[index] as Buffer;
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  });
  return hash.digest('hex');
}

/**
 * The digest `loadConfiguration` would give the configuration at `path` (see `digestFiles`),
 * without parsing it: its YAML files as found now, and `codeFiles` (relative to its directory, as
 * `Configuration.codeFiles` lists them). For checking that a saved plan's configuration did not change.
 * @throws ConfigError (CONFIG_INVALID) when there is no configuration at `path`, or a code file is missing
 */
export async function configurationDigest(path: string | undefined, codeFiles: readonly string[], options: { readonly cwd: string }): Promise<string> {
  const cwd = resolve(options.cwd);
  const display = (file: string): string => displayPath(cwd, file);
  const found = await findConfigFiles(path, cwd, display);
  if (!('files' in found)) throw new ConfigError([found]);
  const files = [...found.files.map((file) => file.path), ...codeFiles.map((file) => resolve(found.root, file))];
  try {
    return await digestFiles(found.root, files);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).path ?? found.source;
    throw new ConfigError([{ file: display(missing), line: 0, column: 0, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
}
