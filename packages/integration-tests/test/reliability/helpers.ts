import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { type CliIo, runCli as runCliInProcess } from '@dataiku-iac/manager';
import type { State } from '@dataiku-iac/models';
import { type EmulatorServer, type EmulatorServerOptions, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import type { CliResult, Connection } from '../e2e/run-cli.js';

/**
 * Run `dataiku-iac` in this process (the manager's `runCli`, real HTTP to the loopback emulator,
 * real files): the same code as the bin without the cost of starting Node.
 */
export async function runInProcess(cwd: string, connection: Connection, argv: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: { DATAIKU_HOST: connection.url, DATAIKU_API_KEY: connection.apiKey, ...env },
    cwd,
  };
  const code = await runCliInProcess(argv, io);
  return { code, stdout, stderr };
}

/** `.dataiku/state/{environment}.state.json` under `directory`. */
export function stateFileIn(directory: string, environment = 'dev'): string {
  return join(directory, '.dataiku', 'state', `${environment}.state.json`);
}

/** What must not change when a command fails: the content (as a SHA-256, cheap to compare) and the modification time. */
export interface FileFingerprint {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export async function fingerprint(path: string): Promise<FileFingerprint> {
  const [bytes, stats] = await Promise.all([readFile(path), lstat(path)]);
  return { sha256: sha256(bytes), size: bytes.length, mtimeMs: stats.mtimeMs };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Load with every check the backend makes (syntax, duplicate keys, schema, checksums). */
export async function loadState(path: string): Promise<State> {
  return new LocalFileBackend({ stateFile: path, onWarning: () => undefined }).load();
}

/** Resource id → [attributes, checksum]: a state's content without its bookkeeping (timestamps, serial). */
export function contentOf(state: State): Record<string, [unknown, string]> {
  return Object.fromEntries(state.listResources().map((resource) => [resource.resourceId, [resource.attributes, resource.metadata.checksum]]));
}

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: `RELIABILITY_SEED` to replay one, otherwise a new one (printed in failures). */
export function runSeed(): number {
  const given = Number(process.env.RELIABILITY_SEED);
  return Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** An emulator server of its own and a working directory of its own: for tests that run concurrently. */
export interface Workspace {
  readonly server: EmulatorServer;
  readonly connection: Connection;
  readonly directory: string;
  readonly stateFile: string;
  readonly run: (argv: readonly string[], env?: Record<string, string>) => Promise<CliResult>;
}

export async function withWorkspace<T>(action: (workspace: Workspace) => Promise<T>, options: EmulatorServerOptions = {}): Promise<T> {
  const server = await startEmulatorServer({ seed: 'demo', ...options });
  const directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-reliability-'));
  const connection = { url: server.url, apiKey: server.emulator.apiKey };
  try {
    return await action({
      server,
      connection,
      directory,
      stateFile: stateFileIn(directory),
      run: (argv, env) => runInProcess(directory, connection, argv, env),
    });
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/** Every file under `directory`, relative paths, sorted. */
export async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}
