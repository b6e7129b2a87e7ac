import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { CLI, runCli, spawnCli, useWorkDirectory } from './run-cli.js';

const work = useWorkDirectory();

describe('the dataiku-iac process', () => {
  it('prints its version and help', async () => {
    const connection = { url: 'http://127.0.0.1:9', apiKey: 'unused' };
    const version = await runCli(work.path, connection, ['--version']);
    const packageJson = createRequire(import.meta.url).resolve('@dataiku-iac/manager/package.json');
    const expected = (JSON.parse(await readFile(packageJson, 'utf8')) as { version: string }).version;
    expect(version).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' });
    const help = await runCli(work.path, connection, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: dataiku-iac <command> [options]');
  });

  it('loads neither the DSS client nor a state backend for --help or a bad command line', async () => {
    // Module resolution hooks that list every module the CLI loads.
    const loaded = join(work.path, 'loaded.txt');
    const hooks = join(work.path, 'hooks.mjs');
    await writeFile(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const resolved = await next(specifier, context);\n  appendFileSync(${JSON.stringify(loaded)}, resolved.url + '\\n');\n  return resolved;\n}\n`);
    const register = join(work.path, 'register.mjs');
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    for (const argv of [['--help'], ['plan', '--bogus']]) {
      await writeFile(loaded, '');
      const run = promisify(execFile)(process.execPath, ['--import', pathToFileURL(register).href, CLI, ...argv], { cwd: work.path, env: { PATH: process.env.PATH ?? '' } });
      await run.catch(() => undefined); // a bad command line exits 1
      const modules = (await readFile(loaded, 'utf8')).split('\n');
      expect(modules.some((url) => url.includes('/manager/dist/cli.js'))).toBe(true);
      expect(modules.filter((url) => /dss-client|\/ky\/|backend-local|backend-postgres|state-manager/.test(url))).toEqual([]);
    }
  });

  it('on SIGINT stops, releases its lock, leaves the state alone and exits 130', async () => {
    const server = await startEmulatorServer({ seed: 'demo' });
    try {
      const connection = { url: server.url, apiKey: server.emulator.apiKey };
      expect((await runCli(work.path, connection, ['sync'])).code).toBe(0);
      const stateFile = join(work.path, '.dataiku', 'state', 'dev.state.json');
      const before = await readFile(stateFile);
      server.emulator.latencyMs = 60_000;
      const child = spawnCli(work.path, connection, ['sync']);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await server.emulator.stats.whenInFlight(1);
      expect(existsSync(`${stateFile}.lock`)).toBe(true);
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exit).toBe(130);
      expect(stderr).toBe('error: interrupted; the state was not changed by this run\n');
      expect(existsSync(`${stateFile}.lock`)).toBe(false);
      expect(await readFile(stateFile)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('runs to its end when the reader of its output goes away (`| head`), without a stack trace', async () => {
    const server = await startEmulatorServer({ seed: 'demo' });
    try {
      const connection = { url: server.url, apiKey: server.emulator.apiKey };
      for (const argv of [['--help'], ['sync']]) {
        const child = spawnCli(work.path, connection, argv);
        // Closed before the process has loaded: its first write fails with EPIPE.
        child.stdout?.destroy();
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect({ argv, code, stderr }).toEqual({ argv, code: 0, stderr: '' });
      }
      expect(existsSync(join(work.path, '.dataiku', 'state', 'dev.state.json'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
