import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { basic } from './helpers.js';
import { runEmulatorProcess } from './processes.js';

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
// Packing and installing take seconds on a loaded machine: a generous bound, not a speed check.
const SLOW = 180_000;

describe('the published package', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it(
    'installs alone from its tarball, offline, and its bin serves the demo instance over HTTP',
    async () => {
      const work = await mkdtemp(join(tmpdir(), 'dss-emulator-pack-'));
      directories.push(work);
      await run('pnpm', ['pack', '--pack-destination', work], { cwd: PACKAGE });
      const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
      expect(tarball).toBeDefined();
      const app = join(work, 'app');
      await mkdir(app);
      await writeFile(join(app, 'package.json'), '{"name": "app", "private": true}\n');
      await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball ?? '')], { cwd: app });

      let projects: unknown;
      const result = await runEmulatorProcess(join(app, 'node_modules', '.bin', 'dataiku-iac-emulator'), ['--port', '0'], async (url) => {
        const response = await fetch(`${url}/public/api/projects/`, { headers: { Authorization: basic('emulator-api-key', '') } });
        projects = ((await response.json()) as { projectKey: string }[]).map((item) => item.projectKey);
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(projects).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab']);
    },
    SLOW,
  );
});
