import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { REAL_DSS, openTarget, type Target } from './target.js';
import { runCli, useWorkDirectory } from './run-cli.js';

const work = useWorkDirectory();
let target: Target;
beforeAll(async () => {
  target = await openTarget();
});
afterAll(async () => {
  await target.close();
});

const stateFile = () => join(work.path, '.dataiku', 'state', 'dev.state.json');

describe('errors: one clear line, exit 1, the state file untouched', () => {
  it('an unknown project', async () => {
    expect(await runCli(work.path, target, ['sync', '--project', 'NO_SUCH_PROJECT_IAC'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: project NO_SUCH_PROJECT_IAC does not exist in DSS (or this API key cannot see it); check the project key (keys are case-sensitive)\n',
    });
  });

  it.skipIf(REAL_DSS)('an unknown project, from a DSS that answers 401 as it does to a key that is not an administrator', async () => {
    const server = await startEmulatorServer({ seed: 'demo', unknownProjects: 'unauthorized' });
    try {
      expect(await runCli(work.path, { url: server.url, apiKey: server.emulator.apiKey }, ['sync', '--project', 'NOPE'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: project NOPE does not exist in DSS (or this API key cannot see it); check the project key (keys are case-sensitive)\n',
      });
    } finally {
      await server.close();
    }
  });

  it.each([
    ['no scheme', '127.0.0.1:11200', 'error: DSS host "127.0.0.1:11200" has no scheme: write https://127.0.0.1:11200 (or http:// if DSS serves plain HTTP): set DATAIKU_HOST or pass --host\n'],
    ['the API path', 'http://127.0.0.1:11200/public/api', 'error: DSS host "http://127.0.0.1:11200/public/api" ends with the API path: give the DSS address alone, http://127.0.0.1:11200: set DATAIKU_HOST or pass --host\n'],
  ] as const)('a DSS host with %s: one line, no state written', async (_problem, host, message) => {
    const result = await runCli(work.path, { url: host, apiKey: 'any-key' }, ['sync']);
    expect(result.code).toBe(1);
    if (typeof message === 'string') expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    await expect(access(stateFile())).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['no DSS host', { url: '', apiKey: 'any-key' }, 'error: DSS host is not set (e.g. https://dss.example.com:11200): set DATAIKU_HOST or pass --host\n'],
    ['no API key', { url: 'http://127.0.0.1:11200', apiKey: '' }, 'error: DSS API key is not set: set DATAIKU_API_KEY or pass --api-key\n'],
  ] as const)('%s: one line naming the variable and the flag, no state written', async (_problem, connection, message) => {
    for (const command of ['sync', 'drift']) {
      expect(await runCli(work.path, connection, [command])).toEqual({ code: 1, stdout: '', stderr: message });
    }
    await expect(access(stateFile())).rejects.toThrow(/ENOENT/);
  });

  it.skipIf(REAL_DSS)('https:// to a DSS that serves plain HTTP', async () => {
    const server = await startEmulatorServer({ seed: 'demo' });
    try {
      const result = await runCli(work.path, { url: server.url.replace('http:', 'https:'), apiKey: server.emulator.apiKey }, ['sync']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: cannot reach https:\/\/.*: the connection closed during the TLS handshake; if DSS serves plain HTTP, use an http:\/\/ URL .*\n$/);
    } finally {
      await server.close();
    }
  });

  it('a first sync that fails leaves nothing behind, not even the state directory', async () => {
    const result = await runCli(work.path, { url: target.url, apiKey: 'wrong-key-1234' }, ['sync']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed with 401 Unauthorized/);
    expect(await readdir(work.path)).toEqual([]);
  });

  it('a wrong API key is a failure, never "everything was deleted"', async () => {
    await runCli(work.path, target, ['sync', '--project', target.projectKey]);
    const before = await readFile(stateFile());
    for (const command of [['sync'], ['drift']]) {
      const result = await runCli(work.path, { url: target.url, apiKey: 'wrong-key-1234' }, command);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: GET \/public\/api\/projects\/.* failed with 401 Unauthorized: .*check DATAIKU_API_KEY.*\n$/);
      expect(result.stderr).not.toContain('wrong-key-1234');
    }
    expect(await readFile(stateFile())).toEqual(before);
  });

  it('a corrupt state file', async () => {
    await mkdir(join(work.path, '.dataiku', 'state'), { recursive: true });
    await writeFile(stateFile(), '{"version": 1, "serial": 3, "resources": {');
    for (const command of [['sync'], ['drift'], ['show'], ['validate']]) {
      const result = await runCli(work.path, target, command);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: state file .*dev\.state\.json is corrupted: it is not valid JSON: it ends unexpectedly at line 1, column \d+ \(truncated\?\)/);
      expect(result.stderr.split('\n')).toHaveLength(2);
    }
    expect(await readFile(stateFile(), 'utf8')).toBe('{"version": 1, "serial": 3, "resources": {');
  });

  it.skipIf(REAL_DSS)('DSS down', async () => {
    const server = await startEmulatorServer({ seed: 'demo' });
    const connection = { url: server.url, apiKey: server.emulator.apiKey };
    expect((await runCli(work.path, connection, ['sync'])).code).toBe(0);
    const before = await readFile(stateFile());
    await server.close();
    const result = await runCli(work.path, connection, ['sync']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot reach ${server.url.replaceAll('.', '\\.')}: connection refused .*; check --host \\(or DATAIKU_HOST\\) and the network\\n$`));
    expect(await readFile(stateFile())).toEqual(before);
  });

  it.skipIf(REAL_DSS)('a DSS that keeps failing with 5xx, or answers HTML', async () => {
    await runCli(work.path, target, ['sync', '--project', target.projectKey]);
    const before = await readFile(stateFile());
    const faults = target.server!.emulator.faults;
    const failing = faults.add({ type: 'status', status: 500, path: /datasets\/customers_prepared$/ });
    const failure = await runCli(work.path, target, ['sync']);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^error: GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/datasets\/customers_prepared failed with 500/);
    faults.remove(failing);
    faults.add({ type: 'html', status: 200, path: /recipes\/$/ });
    const html = await runCli(work.path, target, ['drift']);
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/text\/html/);
    faults.clear();
    expect(await readFile(stateFile())).toEqual(before);
  });
});
