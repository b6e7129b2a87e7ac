import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ConfigIssue } from './config-error.js';

export const DEFAULT_CONFIG_FILE = 'dataiku.yaml';
export const DEFAULT_CONFIG_DIRECTORY = 'dataiku';

interface ConfigFiles {
  /** The file or directory loaded (absolute). */
  readonly source: string;
  /** The directory code files must stay in: the loaded directory, or the loaded file's directory. */
  readonly root: string;
  /** The YAML files, absolute, sorted, with their sizes in bytes. */
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

type Found = ConfigFiles | ConfigIssue;

/**
 * The YAML files to load: `path` itself, or the `*.yaml` and `*.yml` files directly inside it
 * (sorted; names starting with "." are skipped). Without a path: `dataiku.yaml`, else `dataiku/`.
 */
export async function findConfigFiles(path: string | undefined, cwd: string, display: (path: string) => string): Promise<Found> {
  if (path !== undefined) return filesAt(resolve(cwd, path), display);
  const file = resolve(cwd, DEFAULT_CONFIG_FILE);
  const directory = resolve(cwd, DEFAULT_CONFIG_DIRECTORY);
  const [fileKind, directoryKind] = await Promise.all([kindOf(file), kindOf(directory)]);
  if (fileKind !== 'missing' && directoryKind === 'directory') {
    return wholeFile(display(file), `both ${DEFAULT_CONFIG_FILE} and ${DEFAULT_CONFIG_DIRECTORY}/ exist: say which one to load`);
  }
  if (fileKind === 'missing' && directoryKind !== 'directory') {
    return wholeFile(display(file), `no configuration found: neither ${DEFAULT_CONFIG_FILE} nor a ${DEFAULT_CONFIG_DIRECTORY}/ directory exists in ${display(cwd)}`);
  }
  return filesAt(fileKind === 'missing' ? directory : file, display);
}

async function filesAt(path: string, display: (path: string) => string): Promise<Found> {
  const kind = await kindOf(path);
  switch (kind) {
    case 'missing':
      return wholeFile(display(path), 'no such file or directory');
    case 'file':
      return { source: path, root: dirname(path), files: [{ path, size: (await fileSize(path)) ?? 0 }] };
    case 'directory':
      return directoryFiles(path, display);
    default:
      return wholeFile(display(path), kind === 'other' ? 'not a file or a directory' : `cannot read: ${kind.slice('error:'.length)}`);
  }
}

async function directoryFiles(directory: string, display: (path: string) => string): Promise<Found> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    return wholeFile(display(directory), `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const candidates = names.filter((name) => !name.startsWith('.') && /\.ya?ml$/.test(name)).sort();
  const sizes = await Promise.all(candidates.map(async (name) => fileSize(join(directory, name))));
  const files = candidates.flatMap((name, index) => {
    const size = sizes[index];
    return size === undefined ? [] : [{ path: join(directory, name), size }];
  });
  if (files.length === 0) return wholeFile(display(directory), 'no *.yaml or *.yml file in this directory');
  return { source: directory, root: directory, files };
}

/** The size of a regular file; `undefined` for anything else. */
async function fileSize(path: string): Promise<number | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

type Kind = 'missing' | 'file' | 'directory' | 'other' | `error:${string}`;

async function kindOf(path: string): Promise<Kind> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : `error:${code ?? 'error'}`;
  }
}

function wholeFile(file: string, message: string): ConfigIssue {
  return { file, line: 0, column: 0, message };
}
