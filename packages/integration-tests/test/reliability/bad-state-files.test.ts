import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli, useWorkDirectory } from '../e2e/run-cli.js';
import { type BadStateFile, buildBadStateCorpus } from './bad-state-corpus.js';
import { loadState, runInProcess, sha256, stateFileIn, withWorkspace } from './helpers.js';

/**
 * Bad state files: every command that reads one fails with one line naming the file and the
 * problem, exit 1, and leaves the file exactly as it was. `sync` never overwrites what it cannot
 * read, and says how to recover from the backups.
 */

/** The bytes of a state written by a real sync of the demo instance. */
const valid = await withWorkspace(async (workspace) => {
  await workspace.run(['sync']);
  return readFile(workspace.stateFile);
});
const corpus = buildBadStateCorpus(valid);
const work = useWorkDirectory();
/** Not a real server: no command may reach DSS before reading the state. */
const connection = { url: 'http://127.0.0.1:9', apiKey: 'bad-state-files-key' };
const NOBODY = 65534;
const runningAsRoot = process.getuid?.() === 0;

/** Everything about a path that a command could change, without following links or reading pipes. */
async function snapshot(path: string): Promise<unknown> {
  const stats = await lstat(path);
  const identity = { mode: stats.mode, size: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
  if (stats.isSymbolicLink()) return { identity, target: await readlink(path), sha256: sha256(await readFile(path)) };
  // A file without read permission (when not running as root) is compared by its identity alone.
  if (stats.isFile() && stats.size < 64 * 1024 * 1024) return { identity, sha256: await readFile(path).then(sha256, () => 'unreadable') };
  if (stats.isDirectory()) return { identity, entries: await readdir(path) };
  return { identity };
}

/**
 * The built CLI's code, run as the unprivileged user nobody (root reads files whatever their
 * mode): a process started as root loads it, then drops to nobody before running the command, so
 * nobody needs no access to the checkout, which may sit in a private directory (a clone in
 * `mktemp -d`). The CLI imports a command's code, the DSS client and the backends only when it
 * runs a command: every module of the built CLI and every package the manager depends on are
 * loaded first, and their imports (relative, or of those packages by name) are then resolved
 * without looking at the disk (Node's own resolution would read it, as nobody), so they come from
 * the module cache.
 */
const AS_NOBODY = `
const { createRequire, register } = await import('node:module');
const { readdirSync, readFileSync } = await import('node:fs');
const { dirname, join } = await import('node:path');
const { fileURLToPath, pathToFileURL } = await import('node:url');
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', process.env.MANAGER_URL), 'utf8'));
const managerRequire = createRequire(process.env.MANAGER_URL);
const packages = Object.fromEntries(Object.keys(dependencies).map((name) => [name, pathToFileURL(managerRequire.resolve(name)).href]));
register('data:text/javascript,' + encodeURIComponent(\`const packages = \${JSON.stringify(packages)};
export async function resolve(specifier, context, next) {
  if (Object.hasOwn(packages, specifier)) return { url: packages[specifier], shortCircuit: true };
  return specifier.startsWith('./') && context.parentURL !== undefined ? { url: new URL(specifier, context.parentURL).href, shortCircuit: true } : next(specifier, context);
}\`));
for (const url of Object.values(packages)) await import(url);
const dist = dirname(fileURLToPath(process.env.MANAGER_URL));
for (const file of readdirSync(dist)) if (file.endsWith('.js') && file !== 'cli.js') await import(pathToFileURL(join(dist, file)).href);
const { runCli } = await import(process.env.MANAGER_URL);
process.setgid(${NOBODY});
process.setuid(${NOBODY});
process.exitCode = await runCli(JSON.parse(process.env.ARGV), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
`;
const MANAGER_URL = pathToFileURL(createRequire(import.meta.url).resolve('@dataiku-iac/manager')).href;

async function runAsNobody(cwd: string, argv: readonly string[]): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '', DATAIKU_HOST: connection.url, DATAIKU_API_KEY: connection.apiKey, MANAGER_URL, ARGV: JSON.stringify(argv) };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '--eval', AS_NOBODY], { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** Place the bad file; when running as root, make the way to it usable by nobody (the file itself stays root's, mode 000). */
async function place(entry: BadStateFile): Promise<string> {
  const stateFile = stateFileIn(work.path);
  await mkdir(dirname(stateFile), { recursive: true });
  await entry.create(stateFile);
  if (entry.kind === 'permission' && runningAsRoot) {
    await chmod(work.path, 0o755);
    await chmod(dirname(dirname(stateFile)), 0o755);
    // nobody may take the lock beside the file, so that sync gets as far as reading the state.
    await chown(dirname(stateFile), NOBODY, NOBODY);
  }
  return stateFile;
}

async function run(entry: BadStateFile, argv: readonly string[]): Promise<CliResult> {
  return entry.kind === 'permission' && runningAsRoot ? runAsNobody(work.path, argv) : runInProcess(work.path, connection, argv);
}

function expectOneClearLine(result: CliResult, stateFile: string, problem: RegExp): void {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
  expect(result.stderr).toContain(stateFile);
  expect(result.stderr).toMatch(problem);
  expect(result.stderr).not.toMatch(/unexpected error|\n\s+at |Error:/);
  expect(result.stderr.length).toBeLessThan(2_000);
  expect(result.code).toBe(1);
}

describe('a corpus of bad state files', () => {
  it('has at least 30 distinct entries', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((entry) => entry.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))('%s: every command fails clearly and changes nothing', async (_name, entry) => {
    const stateFile = await place(entry);
    const before = await snapshot(stateFile);
    for (const argv of [['validate'], ['validate', stateFile], ['show'], ['show', '--json'], ['drift'], ['sync'], ['sync', '--all', '--lock-timeout', '1s']]) {
      const result = await run(entry, argv);
      expectOneClearLine(result, stateFile, entry.problem);
      if (argv[0] === 'sync' && entry.kind !== 'newer-version') expect(result.stderr).toMatch(/; (or )?run sync --force to (start again from DSS|replace it) /);
    }
    expect(await snapshot(stateFile)).toEqual(before);
    expect(existsSync(`${stateFile}.lock`)).toBe(false);
    expect(existsSync(`${stateFile}.backups`)).toBe(false);
    expect((await readdir(dirname(stateFile))).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('the real process fails just as cleanly (validate, spawned, on the heaviest files)', async () => {
    const heaviest = ['a file truncated in the middle', 'a UTF-8 byte order mark', 'very deep nesting', 'a very long string in the attributes, tampered', 'a duplicate key', 'a file larger than a state file can be (sparse)'];
    await Promise.all(
      corpus
        .filter((entry) => heaviest.includes(entry.name))
        .map(async (entry, index) => {
          const file = `${work.path}/bad-${index}.json`;
          await entry.create(file);
          const result = await runCli(work.path, connection, ['validate', file]);
          expect(result.stderr, entry.name).toMatch(/^error: [^\n]+\n$/);
          expect(result.stderr, entry.name).toMatch(entry.problem);
          // No backups exist yet, so there is none to point to.
          expect(result.stderr, entry.name).not.toContain('restore the newest good backup');
          expect(result.code, entry.name).toBe(1);
        }),
    );
  });
});

describe('sync --force replaces a state it cannot read, after backing it up', () => {
  it.each(corpus.filter((entry) => entry.kind === 'content' && entry.name !== 'very deep nesting').slice(0, 8).map((entry) => [entry.name, entry] as const))(
    '%s',
    async (_name, entry) => {
      await withWorkspace(async (workspace) => {
        await mkdir(dirname(workspace.stateFile), { recursive: true });
        await entry.create(workspace.stateFile);
        const bad = await readFile(workspace.stateFile);
        const result = await workspace.run(['sync', '--force']);
        expect(result.stderr).toMatch(/^warning: state file \S+ is corrupted: .*; forced: starting from an empty state \(the unreadable one is kept aside when the new state is saved\)\n$/);
        expect(result.code).toBe(0);
        const backups = await readdir(`${workspace.stateFile}.backups`);
        expect(backups).toHaveLength(1);
        expect(backups[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.serial-unknown\.unreadable\.json$/);
        expect(await readFile(`${workspace.stateFile}.backups/${backups[0]}`)).toEqual(bad);
        expect((await stat(`${workspace.stateFile}.backups/${backups[0]}`)).mode & 0o777).toBe(0o600);
        const state = await loadState(workspace.stateFile);
        expect(state.size).toBe(17);
      });
    },
  );
});

describe('sync --force never replaces a state of a newer format version', () => {
  it.each(corpus.filter((entry) => entry.kind === 'newer-version').map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const stateFile = await place(entry);
    const before = await snapshot(stateFile);
    expectOneClearLine(await run(entry, ['sync', '--force']), stateFile, entry.problem);
    expect(await snapshot(stateFile)).toEqual(before);
    expect(existsSync(`${stateFile}.backups`)).toBe(false);
  });
});

describe('sync --force on what is not a regular file', () => {
  const byName = (name: string): BadStateFile => corpus.find((entry) => entry.name === name)!;

  it.each(['a symbolic link to a valid state', 'a named pipe', 'a file larger than a state file can be (sparse)'])('%s: backed up, then replaced by a regular file', async (name) => {
    await withWorkspace(async (workspace) => {
      await mkdir(dirname(workspace.stateFile), { recursive: true });
      await byName(name).create(workspace.stateFile);
      const result = await workspace.run(['sync', '--force']);
      expect(result.stderr).toMatch(/^warning: cannot read state file \S+: .*; forced: starting from an empty state/);
      expect(result.code).toBe(0);
      expect(await readdir(`${workspace.stateFile}.backups`)).toEqual([expect.stringMatching(/\.serial-unknown\.unreadable\.json$/)]);
      expect((await lstat(workspace.stateFile)).isFile()).toBe(true);
      expect((await loadState(workspace.stateFile)).size).toBe(17);
      // A link's target is never written through.
      if (name.includes('symbolic')) expect(await readFile(`${dirname(workspace.stateFile)}/elsewhere.json`)).toEqual(valid);
    });
  });

  it('a directory: refused, and the directory is left alone', async () => {
    await withWorkspace(async (workspace) => {
      await mkdir(workspace.stateFile, { recursive: true });
      const result = await workspace.run(['sync', '--force']);
      expect(result.stderr).toMatch(/\nerror: cannot write state file \S+dev\.state\.json: it is a directory, not a file\n$/);
      expect(result.code).toBe(1);
      expect((await lstat(workspace.stateFile)).isDirectory()).toBe(true);
      expect(await readdir(workspace.stateFile)).toEqual([]);
    });
  });
});
