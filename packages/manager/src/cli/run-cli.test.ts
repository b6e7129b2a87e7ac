import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { cutOffJson, fakeDss, KEY_FORMS } from '@dataiku-iac/test-utils';
import { delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli.js';
import { API, dssError, useFakeDss } from '../__fixtures__/dss.js';
import { MAIN_HELP } from './help-text.js';
import { version } from './version.js';

const dss = useFakeDss();
const stateFile = (environment = 'dev') => join(dss.directory, '.dataiku', 'state', `${environment}.state.json`);
const run = (argv: readonly string[], options?: Parameters<typeof cli>[2]) => cli(dss.directory, argv, options);

function changeSeparator(separator: string): void {
  const sales = dss.projects.SALES!;
  sales.datasets = { ...sales.datasets, orders: { ...(sales.datasets!.orders as object), formatParams: { separator } } };
}

describe('help and version', () => {
  it('prints the main help, exit 1 without a command and 0 with --help', async () => {
    expect(await run([])).toEqual({ code: 1, stdout: `${MAIN_HELP.trimEnd()}\n`, stderr: '' });
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['help'])).stdout).toBe(`${MAIN_HELP.trimEnd()}\n`);
  });

  it('prints a command help that lists its options', async () => {
    const sync = await run(['sync', '--help']);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain('Usage: dataiku-iac sync [--project KEY]... [--all] [options]');
    expect(sync.stdout).toContain('--lock-timeout DUR');
    expect((await run(['help', 'drift'])).stdout).toContain('Exit code 0 when DSS matches the\nstate, 2 when it differs, 1 on error.');
    expect(await run(['help', 'nope'])).toMatchObject({ code: 1, stderr: 'error: unknown command "nope"; commands: sync, drift, diff, show, validate, force-unlock, help\n' });
  });

  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('usage errors: one line on stderr, exit 1', () => {
  it.each([
    [['frobnicate'], 'error: unknown command "frobnicate"; commands: sync, drift, diff, show, validate, force-unlock, help'],
    [['sync', '--bogus'], 'error: unknown option --bogus; see dataiku-iac --help'],
    [['sync', '--env'], 'error: option --env needs a value'],
    [['sync', '--all=yes'], 'error: option --all does not take a value'],
    [['sync', '--json'], 'error: option --json does not apply to sync; see dataiku-iac sync --help'],
    [['diff', 'a.json'], 'error: diff takes OLD NEW, got "a.json"'],
    [['sync', 'extra'], 'error: sync takes no arguments, got "extra"'],
    [['sync', '--all', '--project', 'A'], 'error: use either --project or --all, not both'],
    [['sync', '--concurrency', '0'], 'error: --concurrency expects a whole number from 1 to 256, not "0"'],
    [['sync', '--timeout', '0s'], 'error: --timeout must be longer than 0, not "0s"'],
    [['show', '--timeout', '5s'], 'error: option --timeout does not apply to show; see dataiku-iac show --help'],
    [['sync', '--lock-timeout', 'soon'], 'error: --lock-timeout expects a duration such as 30s, 5m or 500ms, not "soon"'],
    [['sync', '--env', '../prod'], 'error: invalid environment name "../prod": use 1-64 letters, digits, "_" or "-"'],
  ])('%j', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
  });
});

describe('sync', () => {
  it('reads DSS and writes the state; a second sync changes nothing', async () => {
    const first = await run(['sync']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Read 2 projects, 3 datasets and 1 recipe from https:\/\/dss\.test in \d+\.\ds \(\d+ requests\)\.\n/);
    expect(first.stdout).toContain(`Saved ${stateFile()} (serial 1): 6 added, 0 removed, 0 modified, 0 unchanged.`);
    const bytes = await readFile(stateFile());
    const second = await run(['sync']);
    expect(second.stdout).toContain(`No changes: ${stateFile()} is up to date (serial 1, 6 resources).`);
    expect(await readFile(stateFile())).toEqual(bytes);
  });

  it('syncs only the named projects and keeps the others', async () => {
    await run(['sync', '--project', 'SALES']);
    const state = JSON.parse(await readFile(stateFile(), 'utf8')) as { resources: Record<string, unknown> };
    expect(Object.keys(state.resources).every((id) => id.includes('.SALES'))).toBe(true);
    await run(['sync', '--all']);
    changeSeparator(';');
    const result = await run(['sync', '-p', 'MARKETING']);
    expect(result.stdout).toMatch(/^Read 1 project, 1 dataset and 0 recipes from /);
    expect(result.stdout).toContain('No changes:');
    expect((await run(['sync', '-p', 'SALES'])).stdout).toContain('0 added, 0 removed, 1 modified, 5 unchanged.');
  });

  it('honours --env and --state-file', async () => {
    expect((await run(['sync', '--env', 'prod'])).code).toBe(0);
    expect(JSON.parse(await readFile(stateFile('prod'), 'utf8'))).toMatchObject({ environment: 'prod' });
    expect((await run(['sync', '--state-file', 'custom/state.json', '-e', 'qa'])).code).toBe(0);
    expect(JSON.parse(await readFile(join(dss.directory, 'custom', 'state.json'), 'utf8'))).toMatchObject({ environment: 'qa' });
  });

  it('reports a project that does not exist', async () => {
    expect(await run(['sync', '--project', 'NOPE'])).toMatchObject({
      code: 1,
      stderr: 'error: project.NOPE does not exist in DSS; check the project key (keys are case-sensitive)\n',
    });
  });

  it('fails fast when the state is locked, naming the holder and the way out', async () => {
    const holder = new LocalFileBackend({ stateFile: stateFile() });
    const lock = await holder.lock('sync');
    const result = await run(['sync']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: state is locked by ${lock.info.user}@${lock.info.host} (pid ${process.pid}, sync) since ${lock.info.created} (id ${lock.info.id}); wait for it to finish (or retry with --lock-timeout 5m), or if that command is no longer running: dataiku-iac force-unlock ${lock.info.id}\n`,
    );
    await lock.release();
  });

  it('refuses to replace a corrupt state without --force, and backs it up with --force', async () => {
    await run(['sync']);
    await writeFile(stateFile(), '{"version": 1, "serial": ');
    const refused = await run(['sync']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: state file .* is corrupted: it is not valid JSON: it ends unexpectedly .*; restore the newest good backup from .*dev\.state\.json\.backups, or run sync --force to rebuild the state \(the bad file is backed up first\)\n$/);
    expect(await readFile(stateFile(), 'utf8')).toBe('{"version": 1, "serial": ');
    const forced = await run(['sync', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/^warning: state file .* is corrupted: .*; --force: starting from an empty state/);
    const backups = await readdir(`${stateFile()}.backups`);
    expect(backups.some((name) => name.endsWith('.unreadable.json'))).toBe(true);
  });

  it('leaves the state untouched when interrupted', async () => {
    await run(['sync']);
    const bytes = await readFile(stateFile());
    changeSeparator('|');
    const controller = new AbortController();
    controller.abort(new Error('received SIGINT'));
    expect(await run(['sync'], { signal: controller.signal })).toEqual({ code: 130, stdout: '', stderr: 'error: interrupted; the state file was not changed by this run\n' });
    expect(await readFile(stateFile())).toEqual(bytes);
  });

  it('shows progress on a terminal and clears it', async () => {
    dss.server.use(http.get(`${API}/projects/:key/datasets/:name`, async () => {
      await delay(250);
      return undefined;
    }));
    const result = await run(['sync', '--lock-timeout', '1s'], { stderrIsTerminal: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\u001b[Kreading DSS: ');
    expect(result.stderr).toMatch(/reading DSS: \d+ requests, \d+ in flight/);
    expect(result.stderr.endsWith('\r\u001b[K')).toBe(true);
  });
});

describe('drift', () => {
  it('needs a state first', async () => {
    expect(await run(['drift'])).toMatchObject({ code: 1, stderr: `error: state file not found: ${stateFile()}; run dataiku-iac sync first\n` });
  });

  it('exit 0 without drift, 2 with drift, and never writes', async () => {
    await run(['sync']);
    const bytes = await readFile(stateFile());
    expect(await run(['drift'])).toEqual({ code: 0, stdout: 'No changes. 6 resources unchanged.\n', stderr: '' });
    changeSeparator(';');
    const drift = await run(['drift']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('~ dataset.SALES.orders');
    expect(drift.stdout).toContain('~ formatParams.separator: "\\t" → ";"');
    expect(drift.stdout).toContain('- formatParams.style: "unix"');
    expect(await readFile(stateFile())).toEqual(bytes);
  });

  it('--json prints the diff report with attribute paths', async () => {
    await run(['sync']);
    changeSeparator(';');
    Reflect.deleteProperty(dss.projects.SALES!.recipes!, 'compute_orders_prepared');
    const drift = await run(['drift', '--json']);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as { summary: unknown; changes: { resource_id: string; change: string; attributes: { path: string; op: string }[] }[] };
    expect(report.summary).toEqual({ added: 0, removed: 1, modified: 1, unchanged: 4 });
    expect(report.changes.map((change) => [change.resource_id, change.change])).toEqual([
      ['dataset.SALES.orders', 'modified'],
      ['recipe.SALES.compute_orders_prepared', 'removed'],
    ]);
    expect(report.changes[0]?.attributes.map((attribute) => `${attribute.op} ${attribute.path}`)).toContain('remove formatParams.style');
  });

  it('colours output only on a terminal without NO_COLOR or --no-color', async () => {
    await run(['sync']);
    changeSeparator(';');
    const ESC = '\u001b[';
    expect((await run(['drift'], { stdoutIsTerminal: true })).stdout).toContain(ESC);
    expect((await run(['drift'], { stdoutIsTerminal: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await run(['drift', '--no-color'], { stdoutIsTerminal: true })).stdout).not.toContain(ESC);
    expect((await run(['drift'])).stdout).not.toContain(ESC);
  });

  it('reports DSS failures with one line and exit 1, never as deletions', async () => {
    await run(['sync']);
    dss.server.use(http.get(`${API}/projects/:key/metadata`, () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', 'Unknown API Key')));
    const unauthorized = await run(['drift']);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr.split('\n')).toHaveLength(2);
    expect(unauthorized.stderr).toMatch(/^error: GET \/public\/api\/projects\/(MARKETING|SALES)\/metadata failed with 401/);
    dss.server.resetHandlers(http.get(`${API}/projects/:key/datasets/`, () => dssError(500, 'com.dataiku.dip.exceptions.DSSInternalErrorException', 'Project X does not exist')), ...fakeDss(dss.projects));
    expect((await run(['drift'])).code).toBe(1);
  });

  it('reports missing connection settings', async () => {
    await run(['sync']);
    const result = await run(['drift'], { env: { DATAIKU_HOST: undefined } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*DATAIKU_HOST.*\n$/);
  });
});

describe('diff, show, validate, force-unlock', () => {
  it('diff compares two files: exit 0 same, 2 different, 1 error', async () => {
    await run(['sync', '--state-file', 'a.json']);
    await run(['sync', '--state-file', 'b.json']);
    expect(await run(['diff', 'a.json', 'b.json'])).toMatchObject({ code: 0, stdout: 'No changes. 6 resources unchanged.\n' });
    changeSeparator(';');
    await run(['sync', '--state-file', 'b.json']);
    const different = await run(['diff', 'a.json', 'b.json', '--json']);
    expect(different.code).toBe(2);
    expect((JSON.parse(different.stdout) as { summary: { modified: number } }).summary.modified).toBe(1);
    expect(await run(['diff', 'a.json', 'missing.json'])).toMatchObject({ code: 1, stderr: `error: state file not found: ${join(dss.directory, 'missing.json')}; check the path\n` });
  });

  it('show lists the tracked resources, as text or JSON', async () => {
    await run(['sync']);
    const text = await run(['show']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/environment dev, serial 1, updated /);
    expect(text.stdout).toContain('2 projects, 3 datasets, 1 recipe');
    expect(text.stdout).toMatch(/\nrecipe\.SALES\.compute_orders_prepared {2}\S+ {2}\S+\n$/);
    const json = JSON.parse((await run(['show', '--json'])).stdout) as { serial: number; resources: { resource_id: string; checksum: string }[] };
    expect(json.serial).toBe(1);
    expect(json.resources).toHaveLength(6);
    expect(json.resources[0]).toEqual({ resource_id: 'dataset.MARKETING.campaigns', resource_type: 'dataset', deployed_at: expect.any(String) as unknown, deployed_by: expect.any(String) as unknown, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it('validate: exit 0 for a valid file, 1 with the problems for a bad one', async () => {
    await run(['sync']);
    expect((await run(['validate'])).stdout).toMatch(/is valid: 6 resources, serial 1, lineage [0-9a-f-]{36}\.\n$/);
    const text = (await readFile(stateFile(), 'utf8')).replace('"serial": 1', '"serial": -1').replace('"version": 1', '"version": 1, "extra": 1');
    await writeFile(join(dss.directory, 'bad.json'), text);
    const bad = await run(['validate', 'bad.json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')).toHaveLength(2);
    const verbose = await run(['validate', 'bad.json', '--verbose']);
    expect(verbose.stderr).toContain('  /serial: must be >= 0\n');
    expect(verbose.stderr).toContain('  (root): unknown property "extra"\n');
  });

  it('force-unlock removes only the lock with the given id', async () => {
    const holder = new LocalFileBackend({ stateFile: stateFile() });
    const lock = await holder.lock('sync');
    expect(await run(['force-unlock', 'wrong'])).toMatchObject({ code: 1, stderr: `error: lock ${stateFile()}.lock: the lock is held with id ${lock.info.id}, not wrong\n` });
    expect(await run(['force-unlock', lock.info.id])).toEqual({ code: 0, stdout: `Lock ${lock.info.id} removed from ${stateFile()}.lock.\n`, stderr: '' });
    expect(await holder.readLock()).toBeUndefined();
  });
});

describe('options', () => {
  it('passes --concurrency, --insecure and --ca-file to the client', async () => {
    expect((await run(['sync', '--concurrency', '2', '--insecure', '--timeout', '30s'])).code).toBe(0);
    const missingCa = await run(['sync', '--ca-file', 'missing.pem']);
    expect(missingCa.code).toBe(1);
    expect(missingCa.stderr).toContain(join(dss.directory, 'missing.pem'));
  });

  it('redacts secrets with DATAIKU_IAC_REDACTION_KEY when set', async () => {
    const sales = dss.projects.SALES!;
    sales.datasets = { ...sales.datasets, api: { name: 'api', type: 'CustomPython', params: { customConfig: { password: 'hunter2' } } } };
    await run(['sync', '--state-file', 'default.json']);
    await run(['sync', '--state-file', 'keyed.json'], { env: { DATAIKU_IAC_REDACTION_KEY: 'team-secret' } });
    const marker = async (file: string): Promise<string> => {
      const text = await readFile(join(dss.directory, file), 'utf8');
      expect(text).not.toContain('hunter2');
      return /"password": "(redacted:hmac-sha256:[0-9a-f]+)"/.exec(text)?.[1] ?? '';
    };
    const [byDefault, keyed] = [await marker('default.json'), await marker('keyed.json')];
    expect(byDefault).toMatch(/^redacted:hmac-sha256:/);
    expect(keyed).toMatch(/^redacted:hmac-sha256:/);
    expect(keyed).not.toBe(byDefault);
  });

  it('shows an empty state plainly', async () => {
    const { State } = await import('@dataiku-iac/models');
    await new LocalFileBackend({ stateFile: stateFile() }).save(new State());
    expect((await run(['show'])).stdout).toMatch(/: environment \(none\), serial 1, updated .*\nno resources\n$/);
  });
});

describe('secrets and verbose output', () => {
  it('prints the causes of a failure with --verbose', async () => {
    await writeFile(join(dss.directory, 'blocker'), 'x');
    const result = await run(['show', '--state-file', 'blocker/dev.json', '--verbose']);
    expect(result.stderr).toMatch(/^error: cannot read state file .*blocker\/dev\.json: a parent of the path is a file, not a directory\n/);
    expect(result.stderr).toContain('caused by: Error: ENOTDIR');
  });

  it('logs retries with --verbose', async () => {
    let calls = 0;
    dss.server.use(http.get(`${API}/projects/`, () => (++calls === 1 ? dssError(503, 'x', 'busy') : undefined)));
    const result = await run(['sync', '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET \/public\/api\/projects\/ 503 \d+ms, retrying in \d+ms\n/);
    expect(result.stderr).toMatch(/GET \/public\/api\/projects\/ 200 \d+ms \(attempt 2\)\n/);
  });

  it('logs why a 200 answer was retried with --verbose', async () => {
    let calls = 0;
    dss.server.use(http.get(`${API}/projects/`, () => (++calls === 1 ? cutOffJson('[{"projectKey": "A"') : undefined)));
    const result = await run(['sync', '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/GET \/public\/api\/projects\/ 200 \(.*the connection broke while reading the 200 response: socket hang up.*\) \d+ms, retrying in \d+ms\n/);
  });

  it('prints a stack trace for a failure with --verbose, even a usage error', async () => {
    const result = await run(['sync', '--bogus', '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: unknown option --bogus; see dataiku-iac --help\nUsageError|^error: unknown option --bogus; see dataiku-iac --help\n.*Error: unknown option/s);
    expect(result.stderr).toContain('    at ');
  });

  it('never prints the API key, even in verbose logs and stack traces', async () => {
    const outputs: string[] = [];
    for (const argv of [['sync', '--verbose'], ['drift', '--verbose', '--json'], ['sync', '--project', 'NOPE', '--verbose'], ['sync', '--api-key', KEY_FORMS[0] ?? '', '--verbose', 'oops'], ['show', '-v']]) {
      const result = await run(argv);
      outputs.push(result.stdout, result.stderr);
    }
    dss.server.use(http.get(`${API}/projects/:key/metadata`, () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', `Unknown API Key ${KEY_FORMS[0] ?? ''}`)));
    const failed = await run(['drift', '--verbose']);
    outputs.push(failed.stdout, failed.stderr);
    const all = outputs.join('\n');
    expect(all).toContain('GET /public/api/projects/ 200');
    expect(all).toContain('    at ');
    for (const form of KEY_FORMS) expect(all).not.toContain(form);
  });
});
