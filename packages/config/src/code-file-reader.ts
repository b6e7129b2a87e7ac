import { closeSync, constants, openSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileHash } from './configuration-digest.js';
import type { CodeSource } from './declare-resources.js';

/** Opening with it fails on a symbolic link (ELOOP); not every platform has it. */
const NO_FOLLOW: number | undefined = (constants as Partial<typeof constants>).O_NOFOLLOW;

/**
 * Reads the `code_file`s of one configuration: paths relative to their YAML file, which must stay
 * inside the configuration's directory, symbolic links included. Remembers every file it read, with its `fileHash`.
 * Reads are synchronous: thousands of small files cost far less that way than through promises.
 */
export class CodeFileReader {
  readonly #root: string;
  readonly #display: (path: string) => string;
  readonly #read: Map<string, string>;
  /** Real paths of the directories seen, so that each costs one `realpath`. */
  readonly #realDirectories = new Map<string, string>();

  /**
   * @param root the configuration's directory (absolute): the loaded directory, or the loaded file's directory
   * @param display how a path appears in messages
   * @param read collects the absolute paths of the files read, with their hashes
   */
  constructor(options: { root: string; display: (path: string) => string; read: Map<string, string> }) {
    this.#root = options.root;
    this.#display = options.display;
    this.#read = options.read;
  }

  /** The code files of the YAML files in `directory`. */
  from(directory: string): CodeSource {
    return { read: (codeFile) => this.#readFrom(directory, codeFile) };
  }

  #readFrom(directory: string, codeFile: string): string | { problem: string } {
    if (codeFile === '' || isAbsolute(codeFile)) return { problem: 'must be a path relative to this YAML file' };
    const path = resolve(directory, codeFile);
    const outside = { problem: `${JSON.stringify(codeFile)} is outside the configuration directory ${JSON.stringify(this.#display(this.#root))}` };
    if (!isInside(this.#root, path)) return outside;
    try {
      const realRoot = this.#realDirectory(this.#root);
      if (!isInside(realRoot, join(this.#realDirectory(dirname(path)), basename(path)))) return outside;
      let bytes = readUnlessLink(path);
      if (bytes === undefined) {
        if (!isInside(realRoot, realpathSync(path))) return outside;
        bytes = readFileSync(path);
      }
      this.#read.set(path, fileHash(bytes));
      return bytes.toString('utf8');
    } catch (error) {
      return { problem: describeFailure(error, this.#display(path)) };
    }
  }

  #realDirectory(directory: string): string {
    let real = this.#realDirectories.get(directory);
    if (real === undefined) {
      real = realpathSync(directory);
      this.#realDirectories.set(directory, real);
    }
    return real;
  }
}

/** The file's bytes, or `undefined` when it is a symbolic link (or the platform cannot tell while opening). */
function readUnlessLink(path: string): Buffer | undefined {
  if (NO_FOLLOW === undefined) return undefined;
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
    throw error;
  }
  try {
    return readFileSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function isInside(directory: string, path: string): boolean {
  // Both are absolute and normalised: a path that starts with the directory and a separator is inside.
  if (path.length > directory.length + 1 && path.startsWith(directory) && path[directory.length] === sep) return true;
  const relation = relative(directory, path);
  return relation !== '' && relation !== '..' && !relation.startsWith(`..${sep}`) && !isAbsolute(relation);
}

function describeFailure(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `file not found: ${path}`;
  if (code === 'EISDIR') return `${path} is a directory, not a code file`;
  return `cannot read ${path}: ${code ?? (error as Error).message}`;
}
