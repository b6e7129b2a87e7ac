import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startEmulatorServer } from '../src/server.js';
import { CLI_USAGE, runEmulatorCli } from '../src/run-cli.js';
import { basic, UNAUTHORIZED } from './helpers.js';
import { runEmulatorProcess } from './processes.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** The installed command: a committed file importing dist/cli.js. */
const BIN = fileURLToPath(new URL('../bin/dataiku-iac-emulator.js', import.meta.url));

function runBuiltCli(args: string[], onListening?: (url: string) => Promise<void>): ReturnType<typeof runEmulatorProcess> {
  return runEmulatorProcess(CLI, args, onListening);
}

describe('emulator CLI (built, spawned)', () => {
  it('prints LISTENING <url>, serves, and exits 0 on SIGTERM', async () => {
    let status = 0;
    let body: unknown;
    const result = await runBuiltCli(['--port', '0', '--api-key', 'cli-key', '--seed', 'empty'], async (url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/public/api/projects/`, { headers: { Authorization: basic('cli-key', '') } });
      status = response.status;
      body = await response.json();
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^LISTENING http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(result.stderr).toBe('');
    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it('runs the same through the committed bin file, with unknown projects answered as unauthorized', async () => {
    let unknown: unknown;
    const result = await runEmulatorProcess(BIN, ['--port', '0', '--unknown-projects', 'unauthorized'], async (url) => {
      const response = await fetch(`${url}/public/api/projects/NOPE/metadata`, { headers: { Authorization: basic('emulator-api-key', '') } });
      unknown = { status: response.status, body: await response.json() };
    });
    expect(result.code).toBe(0);
    expect(unknown).toEqual({
      status: 401,
      body: { errorType: UNAUTHORIZED, message: 'Failed to read project permissions', detailedMessage: 'Failed to read project permissions' },
    });
  });

  it('exits 1 with one line on stderr for a bad argument', async () => {
    const result = await runBuiltCli(['--port', 'abc']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("emulator: invalid --port 'abc': expected an integer between 0 and 65535 (see --help)\n");
  });

  it('prints usage for --help', async () => {
    const result = await runBuiltCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${CLI_USAGE}\n`);
  });
});

describe('runEmulatorCli (in process)', () => {
  function io(stopSignal = new Promise<unknown>(() => undefined)): {
    out: string[];
    err: string[];
    io: Parameters<typeof runEmulatorCli>[1];
  } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (line) => out.push(line), stderr: (line) => err.push(line), stopSignal } };
  }

  it.each([
    [['--port=-1'], "emulator: invalid --port '-1': expected an integer between 0 and 65535 (see --help)"],
    [['--port', '-1'], "emulator: Option '--port' argument is ambiguous (see --help)"],
    [['--port', '65536'], "emulator: invalid --port '65536': expected an integer between 0 and 65535 (see --help)"],
    [['--api-key', ' '], 'emulator: invalid --api-key: must not be empty (see --help)'],
    [['--latency', 'fast'], "emulator: invalid --latency 'fast': expected a non-negative number of milliseconds (see --help)"],
    [['--seed', 'big'], "emulator: invalid --seed 'big': expected one of demo, empty, synthetic (see --help)"],
    [['--unknown-projects', 'forbidden'], "emulator: invalid --unknown-projects 'forbidden': expected one of not-found, unauthorized (see --help)"],
    [['--port'], "emulator: Option '--port <value>' argument missing (see --help)"],
    [['extra'], "emulator: Unexpected argument 'extra'. This command does not take positional arguments (see --help)"],
  ])('rejects %j with one line and exit code 1', async (argv, message) => {
    const { out, err, io: cliIo } = io();
    expect(await runEmulatorCli(argv, cliIo)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([message]);
  });

  it('rejects unknown options', async () => {
    const { err, io: cliIo } = io();
    expect(await runEmulatorCli(['--verbose'], cliIo)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^emulator: Unknown option '--verbose'/);
  });

  it('prints usage for -h', async () => {
    const { out, io: cliIo } = io();
    expect(await runEmulatorCli(['-h'], cliIo)).toBe(0);
    expect(out).toEqual([CLI_USAGE]);
  });

  it('reports a port already in use', async () => {
    const busy = await startEmulatorServer();
    try {
      const { err, io: cliIo } = io();
      expect(await runEmulatorCli(['--port', String(busy.port)], cliIo)).toBe(1);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(new RegExp(`^emulator: cannot listen on port ${busy.port}: .*EADDRINUSE`));
    } finally {
      await busy.close();
    }
  });

  it('serves with the given options until the stop signal', async () => {
    let stop: () => void = () => undefined;
    const { out, err, io: cliIo } = io(new Promise<void>((resolve) => (stop = resolve)));
    const running = runEmulatorCli(['--port=0', '--api-key=k2', '--latency', '1.5', '--seed', 'synthetic'], cliIo);
    await expect.poll(() => out.length).toBe(1);
    const url = /^LISTENING (\S+)$/.exec(out[0] ?? '')?.[1] ?? '';
    const response = await fetch(`${url}/dip/publicapi/projects/`, { headers: { Authorization: 'Bearer k2' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(20);
    stop();
    expect(await running).toBe(0);
    expect(err).toEqual([]);
    await expect(fetch(`${url}/dip/publicapi/projects/`)).rejects.toThrow();
  });

  it('stops as well when the stop signal rejects', async () => {
    const { out, io: cliIo } = io(Promise.reject(new Error('signal')));
    expect(await runEmulatorCli([], cliIo)).toBe(0);
    expect(out[0]).toMatch(/^LISTENING http:\/\/127\.0\.0\.1:\d+$/);
  });
});
