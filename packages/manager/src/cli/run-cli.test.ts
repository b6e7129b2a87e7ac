import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { State } from '@dataiku-iac/models';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli.js';
import { API, changeDataset, dssError, KEY_FORMS, useDss } from '../__fixtures__/dss.js';
import { version } from '../version.js';

const dss = useDss();
const stateFile = (environment = 'dev'): string => join(dss.directory, '.dataiku', 'state', `${environment}.state.json`);
const run = (argv: readonly string[], options?: Parameters<typeof cli>[2]): ReturnType<typeof cli> => cli(dss.directory, argv, options);

function setSeparator(separator: string): void {
  changeDataset(dss.emulator, 'SALES', 'orders', (definition) => ({ ...definition, formatParams: { separator } }));
}

/** A 200 JSON answer whose connection breaks after part of the body. */
function cutOffJson(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      // Later, or the stream drops what it holds and nothing of the response goes out.
      setTimeout(() => {
        controller.error(new Error('socket hang up'));
      }, 5);
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'application/json' } });
}

describe('help and version', () => {
  it('prints the main help: exit 1 without a command, 0 with --help or help', async () => {
    const none = await run([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: dataiku-iac <command> [options]');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: dataiku-iac <command> [options]');
    for (const command of ['sync [options]', 'drift [options]', 'diff [options] <old> <new>', 'show [options] [planfile]', 'plan [options]', 'apply [options] [planfile]', 'import [options]', 'graph [options]', 'validate [options] [file]', 'force-unlock [options] <lock-id>', 'state ']) {
      expect(help.stdout).toContain(`  ${command}`);
    }
    expect(help.stdout).toContain('Exit codes: 0 success (no differences), 1 error, 2 differences found');
    expect((await run(['help'])).stdout).toBe(help.stdout);
  });

  it('lists exactly the options of each command', async () => {
    const sync = await run(['sync', '--help']);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain('Usage: dataiku-iac sync [options]');
    for (const option of ['--project <key>', '--all', '--force', '--lock-timeout <duration>', '--env <name>', '--state-file <path>', '--backend <url>', '--host <url>', '--api-key <key>', '--concurrency <n>', '--timeout <duration>', '--insecure', '--ca-file <path>']) {
      expect(sync.stdout).toContain(option);
    }
    const diff = await run(['help', 'diff']);
    expect(diff.stdout).toContain('Usage: dataiku-iac diff [options] <old> <new>');
    for (const absent of ['--env', '--state-file', '--host', '--project']) expect(diff.stdout).not.toContain(absent);
    const drift = await run(['drift', '--help']);
    expect(drift.stdout).toContain('Needs a saved state: run sync first.');
    expect(drift.stdout).not.toContain('--force');
    const show = await run(['show', '--help']);
    for (const absent of ['--host', '--project', '--lock-timeout']) expect(show.stdout).not.toContain(absent);
    expect((await run(['help', 'nope'])).code).toBe(1);
  });

  it('aligns every command and its description', async () => {
    const help = (await run(['--help'])).stdout;
    const commands = help.slice(help.indexOf('Commands:\n') + 'Commands:\n'.length).split('\n\n')[0]?.split('\n') ?? [];
    const columns = commands.filter((line) => /^ {2}\S/.test(line)).map((line) => line.search(/(?<=\S) {2,}\S/) + (/(?<=\S)( {2,})\S/.exec(line)?.[1]?.length ?? 0));
    expect(columns.length).toBe(12);
    expect(new Set(columns).size).toBe(1);
  });

  it('prints the version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('usage errors: one line on stderr, exit 1', () => {
  it.each([
    [['frobnicate'], "error: unknown command 'frobnicate'; see dataiku-iac --help"],
    [['sync', '--bogus'], "error: unknown option '--bogus'; see dataiku-iac sync --help"],
    [['sync', '--env'], "error: option '-e, --env <name>' argument missing; see dataiku-iac sync --help"],
    [['sync', '--json'], "error: unknown option '--json'; see dataiku-iac sync --help"],
    [['diff', 'a.json'], "error: missing required argument 'new'; see dataiku-iac diff --help"],
    [['diff', '--env', 'x', 'a', 'b'], "error: unknown option '--env'; see dataiku-iac diff --help"],
    [['sync', 'extra'], "error: too many arguments for 'sync'. Expected 0 arguments but got 1; see dataiku-iac sync --help"],
    [['sync', '--all', '--project', 'A'], 'error: give either project keys or all, not both'],
    [['sync', '--concurrency', '0'], 'error: --concurrency expects a whole number from 1 to 256, not "0"'],
    [['sync', '--concurrency', '-3'], 'error: --concurrency expects a whole number from 1 to 256, not "-3"'],
    [['sync', '--timeout', '0s'], 'error: --timeout must be longer than 0, not "0s"'],
    [['show', '--timeout', '5s'], "error: unknown option '--timeout'; see dataiku-iac show --help"],
    [['sync', '--lock-timeout', 'soon'], 'error: --lock-timeout expects a duration such as 30s, 5m or 500ms, not "soon"'],
    [['sync', '--env', '../prod'], 'error: invalid environment name "../prod": use 1-64 letters, digits, "_" or "-"'],
    [['sync', '--backend', 'mysql://x'], 'error: --backend takes a postgres:// URL, not "mysql://x"; for a local file use --state-file'],
    [['state', 'restore', 'last'], 'error: state restore takes a serial (a whole number, as state history lists it), not "last"'],
  ])('%j', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
  });

  it.each(['bad key!', 'a/b', '../x', 'has.dot'])('sync and drift --project %j: one line, exit 1, no lock left', async (key) => {
    for (const command of ['sync', 'drift']) {
      const result = await run([command, '--project', key]);
      expect(result).toEqual({ code: 1, stdout: '', stderr: `error: invalid project key ${JSON.stringify(key)}: project keys are letters, digits and underscores\n` });
      await expect(readFile(`${stateFile()}.lock`)).rejects.toThrow(/ENOENT/);
    }
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
    setSeparator(';');
    const result = await run(['sync', '-p', 'MARKETING']);
    expect(result.stdout).toMatch(/^Read 1 project, 1 dataset and 0 recipes from /);
    expect(result.stdout).toContain('No changes:');
    expect((await run(['sync', '-p', 'SALES', '-p', 'MARKETING'])).stdout).toContain('0 added, 0 removed, 1 modified, 5 unchanged.');
  });

  it('honours --env and --state-file', async () => {
    expect((await run(['sync', '--env', 'prod'])).code).toBe(0);
    expect(JSON.parse(await readFile(stateFile('prod'), 'utf8'))).toMatchObject({ environment: 'prod' });
    expect((await run(['sync', '--state-file', 'custom/state.json', '-e', 'qa'])).code).toBe(0);
    expect(JSON.parse(await readFile(join(dss.directory, 'custom', 'state.json'), 'utf8'))).toMatchObject({ environment: 'qa' });
  });

  it('reports a project that does not exist', async () => {
    const result = await run(['sync', '--project', 'NOPE']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*NOPE does not exist in DSS.*\n$/);
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

  it('refuses to replace a corrupt state without --force, and keeps it aside with --force', async () => {
    await run(['sync']);
    await writeFile(stateFile(), '{"version": 1, "serial": ');
    const refused = await run(['sync']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(refused.stderr).toMatch(/^error: state file .* is corrupted: .*; run sync --force to start again from DSS \(the unreadable state is kept aside first\)\n$/);
    expect(await readFile(stateFile(), 'utf8')).toBe('{"version": 1, "serial": ');
    const forced = await run(['sync', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/^warning: state file .* is corrupted: .*; forced: starting from an empty state/);
    const backups = await readdir(`${stateFile()}.backups`);
    expect(backups.some((name) => name.endsWith('.unreadable.json'))).toBe(true);
  });

  it('refuses a state written by a newer version, even with --force, and never changes it', async () => {
    await run(['sync']);
    const newer = (await readFile(stateFile(), 'utf8')).replace('"version": 1', '"version": 7');
    await writeFile(stateFile(), newer);
    for (const argv of [['sync'], ['sync', '--force'], ['show'], ['drift']]) {
      const result = await run(argv);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: state file .* was written by a newer version of dataiku-iac \(state format version 7; this version reads format 1\); upgrade dataiku-iac/);
    }
    expect(await readFile(stateFile(), 'utf8')).toBe(newer);
  });

  it('leaves the state untouched when interrupted', async () => {
    await run(['sync']);
    const bytes = await readFile(stateFile());
    setSeparator('|');
    const controller = new AbortController();
    controller.abort(new Error('received SIGINT'));
    expect(await run(['sync'], { signal: controller.signal })).toEqual({ code: 130, stdout: '', stderr: 'error: interrupted; the state was not changed by this run\n' });
    expect(await readFile(stateFile())).toEqual(bytes);
  });

  it('shows progress on a terminal and clears it', async () => {
    dss.server.use(
      http.get(`${API}/projects/:key/datasets/:name`, async () => {
        await delay(250);
        return undefined;
      }),
    );
    const result = await run(['sync', '--lock-timeout', '1s'], { stderrIsTerminal: true });
    expect(result.code).toBe(0);
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
    setSeparator(';');
    const drift = await run(['drift']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('~ dataset.SALES.orders');
    expect(drift.stdout).toContain('~ formatParams.separator: "\\t" → ";"');
    expect(await readFile(stateFile())).toEqual(bytes);
  });

  it('--json prints the diff report with attribute paths', async () => {
    await run(['sync']);
    setSeparator(';');
    dss.emulator.store.deleteRecipe('SALES', 'compute_orders_prepared');
    const drift = await run(['drift', '--json']);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as { summary: unknown; changes: { resource_id: string; change: string; attributes: { path: string; op: string }[] }[] };
    expect(report.summary).toEqual({ added: 0, removed: 1, modified: 1, unchanged: 4 });
    expect(report.changes.map((change) => [change.resource_id, change.change])).toEqual([
      ['dataset.SALES.orders', 'modified'],
      ['recipe.SALES.compute_orders_prepared', 'removed'],
    ]);
    expect(report.changes[0]?.attributes.map((attribute) => `${attribute.op} ${attribute.path}`)).toContain('replace formatParams.separator');
  });

  it('colours output only on a terminal without NO_COLOR or --no-color', async () => {
    await run(['sync']);
    setSeparator(';');
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
    expect(unauthorized.stderr).toContain("check DATAIKU_API_KEY or --api-key");
    expect(unauthorized.stderr).not.toContain("apiKey option");
    dss.server.resetHandlers();
    dss.server.use(http.get(`${API}/projects/:key/datasets/`, () => dssError(500, 'com.dataiku.dip.exceptions.DSSInternalErrorException', 'Project X does not exist')));
    expect((await run(['drift'])).code).toBe(1);
  });

  it('reports missing connection settings in its own flags', async () => {
    await run(['sync']);
    const result = await run(['drift'], { env: { DATAIKU_HOST: undefined } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*DATAIKU_HOST.*--host.*\n$/);
    expect(result.stderr).not.toMatch(/host option/);
    const noKey = await run(['drift'], { env: { DATAIKU_API_KEY: undefined } });
    expect(noKey.stderr).toMatch(/--api-key/);
    expect(noKey.stderr).not.toMatch(/apiKey/);
  });
});

describe('diff, show, validate, force-unlock', () => {
  it('diff compares two files: exit 0 same, 2 different, 1 error', async () => {
    await run(['sync', '--state-file', 'a.json']);
    await run(['sync', '--state-file', 'b.json']);
    expect(await run(['diff', 'a.json', 'b.json'])).toMatchObject({ code: 0, stdout: 'No changes. 6 resources unchanged.\n' });
    setSeparator(';');
    await run(['sync', '--state-file', 'b.json']);
    const different = await run(['diff', 'a.json', 'b.json', '--json']);
    expect(different.code).toBe(2);
    expect((JSON.parse(different.stdout) as { summary: { modified: number } }).summary.modified).toBe(1);
    expect(await run(['diff', 'a.json', 'missing.json'])).toMatchObject({ code: 1, stderr: `error: state file not found: ${join(dss.directory, 'missing.json')}\n` });
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
    expect(json.resources[0]).toEqual({
      resource_id: 'dataset.MARKETING.campaigns',
      resource_type: 'dataset',
      deployed_at: expect.any(String) as unknown,
      deployed_by: expect.any(String) as unknown,
      managed: false,
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
  });

  it('shows an empty state plainly', async () => {
    await new LocalFileBackend({ stateFile: stateFile() }).save(new State());
    expect((await run(['show'])).stdout).toMatch(/: environment \(none\), serial 1, updated .*\nno resources\n$/);
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
    expect(await run(['force-unlock', lock.info.id])).toEqual({ code: 0, stdout: `Lock ${lock.info.id} of ${stateFile()} removed.\n`, stderr: '' });
    expect(await holder.readLock()).toBeUndefined();
  });
});

describe('state history, restore and migrate', () => {
  it('lists the kept versions and restores one', async () => {
    expect((await run(['state', 'history'])).stdout).toBe(`No state at ${stateFile()}.\n`);
    await run(['sync']);
    setSeparator(';');
    await run(['sync']);
    const history = await run(['state', 'history']);
    expect(history.stdout).toMatch(/^.*:\n {2}serial {4}2 .* 6 resources {2}\(current\)\n {2}serial {4}1 .* 6 resources\n$/);
    expect((JSON.parse((await run(['state', 'history', '--json'])).stdout) as { versions: unknown[] }).versions).toHaveLength(2);
    expect(await run(['state', 'restore', '1'])).toEqual({ code: 0, stdout: `Restored serial 1 of ${stateFile()} as serial 3.\n`, stderr: '' });
    expect((await run(['drift'])).code).toBe(2);
    expect((await run(['state', 'restore', '42'])).code).toBe(1);
  });

  it('migrate copies a state to another location keeping lineage and serial', async () => {
    await run(['sync']);
    const copied = await run(['state', 'migrate', '--from', stateFile(), '--to', 'copy.json']);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/^Copied .*dev\.state\.json to .*copy\.json \(serial 1, lineage [0-9a-f-]{36}\)\.\n$/);
    const [original, copy] = await Promise.all([readFile(stateFile(), 'utf8'), readFile(join(dss.directory, 'copy.json'), 'utf8')]);
    expect(JSON.parse(copy)).toMatchObject({ serial: 1, lineage: (JSON.parse(original) as { lineage: string }).lineage });
    expect((await run(['state', 'migrate', '--from', stateFile()])).stderr).toBe("error: required option '--to <location>' not specified; see dataiku-iac state --help\n");
  });
});

describe('options', () => {
  it('passes --concurrency, --insecure and --ca-file to the client', async () => {
    expect((await run(['sync', '--concurrency', '2', '--insecure', '--timeout', '30s'])).code).toBe(0);
    const missingCa = await run(['sync', '--ca-file', 'missing.pem']);
    expect(missingCa.code).toBe(1);
    expect(missingCa.stderr).toContain(join(dss.directory, 'missing.pem'));
    expect(missingCa.stderr).toContain('--ca-file');
  });

  it('redacts secrets with DATAIKU_IAC_REDACTION_KEY when set', async () => {
    dss.emulator.store.createDataset('SALES', { name: 'api', type: 'CustomPython', params: { customConfig: { password: 'hunter2' } } });
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
    expect(result.stderr).toMatch(/GET \/public\/api\/projects\/ 200 \(.*the connection broke while reading the 200 response: connection reset by the server.*\) \d+ms, retrying in \d+ms\n/);
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

describe('edges of the state commands', () => {
  it('restoring the current version changes nothing; migrating twice says the target already holds it', async () => {
    await run(['sync']);
    expect((await run(['state', 'restore', '1'])).stdout).toBe(`Serial 1 equals the current state of ${stateFile()} (serial 1): nothing to restore.\n`);
    await run(['state', 'migrate', '--from', stateFile(), '--to', 'copy.json']);
    expect((await run(['state', 'migrate', '--from', stateFile(), '--to', 'copy.json'])).stdout).toMatch(/^.*copy\.json already holds this state \(serial 1, lineage [0-9a-f-]{36}\)\.\n$/);
    expect(JSON.parse((await run(['state', 'history', '--json', '--env', 'none'])).stdout)).toMatchObject({ versions: [] });
  });

  it('a plan file that cannot be written or read is one line', async () => {
    await writeFile(join(dss.directory, 'dataiku.yaml'), 'version: 1\nprojects: {}\n');
    expect((await run(['plan', '--refresh=false', '--out', 'missing/dir/plan.json'])).stderr).toMatch(/^error: cannot write the plan to .*missing\/dir\/plan\.json: ENOENT\n$/);
    expect((await run(['show', '.'])).stderr).toMatch(/^error: cannot read the plan .*: EISDIR\n$/);
  });
});
