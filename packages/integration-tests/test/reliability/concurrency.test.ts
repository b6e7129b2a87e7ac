import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorServer, generateSyntheticInstance, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { type CliResult, CLI, useWorkDirectory } from '../e2e/run-cli.js';
import { contentOf, loadState, runInProcess, stateFileIn, withWorkspace } from './helpers.js';

/**
 * Several dataiku-iac processes on one state at once: without --lock-timeout each one succeeds or
 * fails at once with "state is locked"; with it they run one after another and all succeed, and
 * the final state is what one full sync writes. No update is lost.
 */

const instance = generateSyntheticInstance({ projects: 4, datasetsPerProject: 6, recipesPerProject: 3, seed: 'concurrency' });
const PROJECTS = instance.projects.map((project) => project.projectKey);
const work = useWorkDirectory();
let server: EmulatorServer;
let connection: { url: string; apiKey: string };
/** What one `sync --all` records. */
let reference: ReturnType<typeof contentOf>;

beforeAll(async () => {
  server = await startEmulatorServer({ seed: instance });
  connection = { url: server.url, apiKey: server.emulator.apiKey };
  reference = await withWorkspace(async (workspace) => {
    expect((await workspace.run(['sync', '--all'])).code).toBe(0);
    return contentOf(await loadState(workspace.stateFile));
  }, { seed: instance });
});
afterAll(async () => {
  await server.close();
});

interface Started {
  readonly argv: readonly string[];
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
}

/** Start `dataiku-iac` processes back to back, without waiting for any. */
function startAll(argvs: readonly (readonly string[])[]): Started[] {
  return argvs.map((argv) => {
    const child = spawn(process.execPath, [CLI, ...argv], {
      cwd: work.path,
      env: { PATH: process.env.PATH ?? '', DATAIKU_HOST: connection.url, DATAIKU_API_KEY: connection.apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const result = new Promise<CliResult>((resolve) => {
      child.on('close', (code) => {
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
    return { argv, child, result };
  });
}

const LOCKED = new RegExp(
  `^error: state is locked by ${escape(userInfo().username)}@${escape(hostname())} \\(pid (\\d+), sync\\) since \\S+ \\(id ([0-9a-f-]{36})\\); ` +
    'wait for it to finish \\(or retry with --lock-timeout 5m\\), or if that command is no longer running: dataiku-iac force-unlock \\2\\n$',
);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const projectsIn = async (file: string): Promise<string[]> => [...new Set((await loadState(file)).listResources().map((resource) => resource.projectKey))].sort();

describe('concurrent syncs on one state', () => {
  it('without --lock-timeout: each succeeds, or fails at once with "state is locked by … (id …)"; no success is lost', async () => {
    const argvs = [...PROJECTS.map((key) => ['sync', '--project', key]), ['sync', '--project', PROJECTS[0]!], ['sync', '--project', PROJECTS[0]!]];
    const started = startAll(argvs);
    const results = await Promise.all(started.map((process) => process.result));
    const pids = new Set(started.map((process) => process.child.pid));
    const succeeded = new Set<string>();
    results.forEach((result, index) => {
      const argv = started[index]!.argv;
      if (result.code === 0) {
        expect(result.stderr).toBe('');
        succeeded.add(argv[2]!);
        return;
      }
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(LOCKED);
      expect(result.code).toBe(1);
      // The holder named is one of the other processes, not a stale or made-up lock.
      expect(pids.has(Number(LOCKED.exec(result.stderr)?.[1]))).toBe(true);
    });
    expect(succeeded.size).toBeGreaterThan(0);
    const stateFile = stateFileIn(work.path);
    expect(await projectsIn(stateFile)).toEqual([...succeeded].sort());
    const content = contentOf(await loadState(stateFile));
    for (const [id, value] of Object.entries(content)) expect(value).toEqual(reference[id]);
    expect(existsSync(`${stateFile}.lock`)).toBe(false);
  });

  it('without --lock-timeout, while one sync holds the lock: all the others fail at once, naming it', async () => {
    const hold = server.emulator.hold();
    try {
      const [holder] = startAll([['sync', '--project', PROJECTS[1]!]]);
      await server.emulator.stats.whenInFlight(1);
      const others = startAll(PROJECTS.slice(2).map((key) => ['sync', '--project', key]));
      const lock = JSON.parse(await readFile(`${stateFileIn(work.path)}.lock`, 'utf8')) as { id: string; pid: number };
      expect(lock.pid).toBe(holder!.child.pid);
      for (const other of others) {
        const result = await other.result;
        expect(result.stderr).toMatch(LOCKED);
        expect(LOCKED.exec(result.stderr)?.slice(1, 3)).toEqual([String(lock.pid), lock.id]);
        expect(result.code).toBe(1);
      }
      hold.release();
      expect((await holder!.result).code).toBe(0);
    } finally {
      hold.release();
    }
    expect(await projectsIn(stateFileIn(work.path))).toEqual([PROJECTS[1]]);
  });

  it('with --lock-timeout: they run one after another, all succeed, and the state is what one full sync writes', async () => {
    const argvs = [
      ...PROJECTS.map((key) => ['sync', '--project', key, '--lock-timeout', '30s']),
      ['sync', '--project', PROJECTS[0]!, '--lock-timeout', '30s'],
      ['sync', '--project', PROJECTS[0]!, '--lock-timeout', '30s'],
      ['sync', '--project', PROJECTS[2]!, '--project', PROJECTS[3]!, '--lock-timeout', '30s'],
    ];
    const results = await Promise.all(startAll(argvs).map((process) => process.result));
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const stateFile = stateFileIn(work.path);
    const state = await loadState(stateFile);
    expect(await projectsIn(stateFile)).toEqual([...PROJECTS].sort());
    expect(contentOf(state)).toEqual(reference);
    // Every sync either wrote once or found nothing to change: no write was lost or made twice.
    const unchanged = results.filter((result) => result.stdout.includes('\nNo changes: ')).length;
    expect(unchanged).toBeGreaterThanOrEqual(2);
    expect(state.serial).toBe(argvs.length - unchanged);
  });

  it('readers never see a partial file while syncs replace it', async () => {
    const stateFile = stateFileIn(work.path);
    expect((await runInProcess(work.path, connection, ['sync', '--all'])).code).toBe(0);
    const progress = { writing: true, reads: 0 };
    const reader = (async () => {
      while (progress.writing) {
        await loadState(stateFile);
        progress.reads++;
      }
    })();
    const { store } = server.emulator;
    for (let round = 0; round < 3; round++) {
      const metadata = store.getProjectMetadata(PROJECTS[round]!);
      store.putProjectMetadata(PROJECTS[round]!, { ...metadata, description: `round ${round}` });
      const [sync] = startAll([['sync', '--lock-timeout', '30s']]);
      expect((await sync!.result).code).toBe(0);
    }
    progress.writing = false;
    await reader;
    expect(progress.reads).toBeGreaterThan(0);
    expect((await loadState(stateFile)).serial).toBe(4);
  });
});

describe('locks left behind', () => {
  async function writeLock(info: Record<string, unknown>): Promise<string> {
    const lockFile = `${stateFileIn(work.path)}.lock`;
    await mkdir(dirname(lockFile), { recursive: true });
    await writeFile(lockFile, `${JSON.stringify({ id: '11111111-2222-3333-4444-555555555555', user: 'alice', operation: 'sync', created: '2026-11-22T02:38:53.340+00:00', ...info }, null, 2)}\n`, { mode: 0o600 });
    return lockFile;
  }

  it('by a dead process on this host: taken over with a warning', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('close', resolve));
    const lockFile = await writeLock({ pid: dead.pid, host: hostname() });
    const result = await runInProcess(work.path, connection, ['sync', '--project', PROJECTS[0]!]);
    expect(result.stderr).toBe(
      `warning: took over the lock of alice@${hostname()} (pid ${dead.pid}, sync) since 2026-11-22T02:38:53.340+00:00 (id 11111111-2222-3333-4444-555555555555): that process no longer exists\n`,
    );
    expect(result.code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('by a process on another host: kept until force-unlock with its id', async () => {
    const lockFile = await writeLock({ pid: 4242, host: 'ci-runner-7' });
    const locked = await runInProcess(work.path, connection, ['sync', '--project', PROJECTS[0]!]);
    expect(locked.stderr).toMatch(/^error: state is locked by alice@ci-runner-7 \(pid 4242, sync\) since 2026-11-22T02:38:53\.340\+00:00 \(id 11111111-2222-3333-4444-555555555555\); .* dataiku-iac force-unlock 11111111-2222-3333-4444-555555555555\n$/);
    expect(locked.code).toBe(1);
    const wrongId = await runInProcess(work.path, connection, ['force-unlock', '99999999-2222-3333-4444-555555555555']);
    expect(wrongId.stderr).toMatch(/^error: lock \S+\.lock: the lock is held with id 11111111-2222-3333-4444-555555555555, not 99999999-2222-3333-4444-555555555555\n$/);
    expect(existsSync(lockFile)).toBe(true);
    const unlocked = await runInProcess(work.path, connection, ['force-unlock', '11111111-2222-3333-4444-555555555555']);
    expect(unlocked).toEqual({ code: 0, stdout: `Lock 11111111-2222-3333-4444-555555555555 of ${lockFile.replace(/\.lock$/, '')} removed.\n`, stderr: '' });
    expect((await runInProcess(work.path, connection, ['sync', '--project', PROJECTS[0]!])).code).toBe(0);
  });

  it('that is not a lock file at all: an error that says what to do, never a guess', async () => {
    const lockFile = `${stateFileIn(work.path)}.lock`;
    await mkdir(dirname(lockFile), { recursive: true });
    await writeFile(lockFile, '{"id": 12');
    const result = await runInProcess(work.path, connection, ['sync']);
    expect(result.stderr).toBe(`error: lock ${lockFile}: it is not a valid lock file; if no dataiku-iac command is running, delete it\n`);
    expect(result.code).toBe(1);
    expect(await readFile(lockFile, 'utf8')).toBe('{"id": 12');
  });
});
