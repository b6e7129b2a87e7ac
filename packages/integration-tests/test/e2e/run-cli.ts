import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

/** The built CLI, as users run it. */
export const CLI = fileURLToPath(new URL('../../../manager/dist/cli.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Connection {
  readonly url: string;
  readonly apiKey: string;
}

/** A stack frame (`    at f (file.js:1:2)`), or what Node prints for an unhandled rejection. */
const CRASH = /^\s+at .+:\d+:\d+\)?$|Unhandled|uncaught|DOMException/im;

/**
 * Every failure must be one line: a crash (an uncaught exception, an unhandled rejection) fails the
 * test whatever it asserts, unless the run asked for stack traces (`--verbose`).
 */
function assertNoCrash(argv: readonly string[], result: CliResult): CliResult {
  if (!argv.includes('--verbose') && !argv.includes('-v') && CRASH.test(result.stderr)) {
    throw new Error(`dataiku-iac ${argv.join(' ')} crashed (exit ${result.code}):\n${result.stderr}`);
  }
  return result;
}

/** Run `dataiku-iac` in a child process, in `cwd`, connected to `connection`. */
export async function runCli(cwd: string, connection: Connection, argv: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return assertNoCrash(argv, await spawnAndWait(cwd, connection, argv, env));
}

async function spawnAndWait(cwd: string, connection: Connection, argv: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...argv],
      { cwd, env: { PATH: process.env.PATH ?? '', DATAIKU_HOST: connection.url, DATAIKU_API_KEY: connection.apiKey, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Start `dataiku-iac` without waiting: for signals. */
export function spawnCli(cwd: string, connection: Connection, argv: readonly string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? '', DATAIKU_HOST: connection.url, DATAIKU_API_KEY: connection.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A fresh working directory per test. */
export function useWorkDirectory(): { path: string } {
  const holder = { path: '' };
  beforeEach(async () => {
    holder.path = await mkdtemp(join(tmpdir(), 'dataiku-iac-e2e-'));
  });
  afterEach(async () => {
    await rm(holder.path, { recursive: true, force: true });
  });
  return holder;
}
