import { existsSync } from 'node:fs';
import { chmod, lstat, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRedactionMarker } from '@dataiku-iac/sync-project';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoInstance, type EmulatorServer, type JsonObject, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { type CliResult, runCli, spawnCli, useWorkDirectory } from '../e2e/run-cli.js';
import { listFiles, loadState, runInProcess, stateFileIn, withWorkspace } from './helpers.js';

/**
 * Secrets and paths: the API key never reaches a file or an output, credential-like DSS params are
 * redacted, files are private (0600), names cannot escape the state directory, and
 * prototype-pollution keys from DSS or from a state file have no effect.
 */

const API_KEY = 'dkuaps-Reliab1lity-S3cret-Key-7f3a9c0d5e';
const KEY_FORMS = {
  key: API_KEY,
  'base64("key:")': Buffer.from(`${API_KEY}:`).toString('base64'),
  'base64(key)': Buffer.from(API_KEY).toString('base64'),
};
const REDACTION_KEY = 'team-Redaction-Secret-91b2c3';
/** The demo instance's fake credentials (crm_contacts_api params.customConfig.password and .apiKey). */
const DSS_SECRETS = (() => {
  const crm = demoInstance().projects.flatMap((project) => project.datasets ?? []).find((dataset) => dataset.name === 'crm_contacts_api');
  const config = (crm?.params as { customConfig: { password: string; apiKey: string } }).customConfig;
  return { password: config.password, apiKey: config.apiKey };
})();

function expectNoSecret(text: string, where: string): void {
  for (const [form, value] of Object.entries(KEY_FORMS)) expect(text.includes(value), `the API key (${form}) in ${where}`).toBe(false);
  expect(text.includes(REDACTION_KEY), `the redaction key in ${where}`).toBe(false);
  for (const [name, value] of Object.entries(DSS_SECRETS)) expect(text.includes(value), `the DSS ${name} in ${where}`).toBe(false);
}

describe('the API key and DSS credentials never reach a file or an output', () => {
  const work = useWorkDirectory();
  let server: EmulatorServer;
  beforeAll(async () => {
    server = await startEmulatorServer({ seed: 'demo', apiKey: API_KEY });
  });
  afterAll(async () => {
    await server.close();
  });

  // About 30 commands in a row, 8 of them as processes, one waiting out a 5 s stall: a bound for a
  // hang, not a speed check (on a loaded 2-core machine the whole run takes about a minute).
  it('in every output, state file, backup and lock file, on success and failure paths', { timeout: 240_000 }, async () => {
    const connection = { url: server.url, apiKey: API_KEY };
    const env = { DATAIKU_IAC_REDACTION_KEY: REDACTION_KEY };
    const { emulator } = server;
    const outputs: [string, CliResult][] = [];
    // Some commands run as real processes (all that reaches the terminal), the others in-process, which is faster.
    const run = async (argv: readonly string[], options: { connection?: typeof connection; code?: number; spawn?: boolean } = {}): Promise<CliResult> => {
      const result = await (options.spawn === true ? runCli : runInProcess)(work.path, options.connection ?? connection, argv, env);
      outputs.push([argv.join(' '), result]);
      if (options.code !== undefined) expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(options.code);
      return result;
    };
    const echo = `rejected key ${API_KEY}, Authorization: Basic ${KEY_FORMS['base64("key:")']} (${KEY_FORMS['base64(key)']})`;
    const stateFile = stateFileIn(work.path);

    await run(['sync', '--verbose'], { code: 0, spawn: true });
    await run(['sync', '--verbose'], { code: 0 });
    const crm = emulator.store.getDataset('CUSTOMER_ANALYTICS', 'crm_contacts_api');
    (crm.params as { customConfig: { password: string } }).customConfig.password = 'a-new-Passw0rd-after-rotation';
    emulator.store.putDataset('CUSTOMER_ANALYTICS', 'crm_contacts_api', crm);
    const drift = await run(['drift', '--json', '--verbose'], { code: 2, spawn: true });
    expect(drift.stdout).toContain('params.customConfig.password');
    expect(drift.stdout).not.toContain('a-new-Passw0rd-after-rotation');
    await run(['drift', '--no-color'], { code: 2 });
    await run(['sync', '--verbose'], { code: 0 });
    await run(['show', '--json'], { code: 0 });
    await run(['show'], { code: 0 });
    await run(['validate', '--verbose'], { code: 0 });
    const [backup] = await readdir(`${stateFile}.backups`);
    await run(['diff', join(`${stateFile}.backups`, backup!), stateFile, '--json'], { code: 2 });
    await run(['sync', 'extra-argument', '--api-key', API_KEY], { code: 1 });
    await run([API_KEY], { code: 1 });

    // A hostile or broken DSS that echoes the credentials it received.
    const unauthorized = emulator.faults.add({ type: 'status', status: 401, message: echo, path: /\/metadata$/ });
    await run(['sync', '--verbose'], { code: 1, spawn: true });
    await run(['drift', '--json'], { code: 1 });
    emulator.faults.remove(unauthorized);
    emulator.faults.add({ type: 'html', status: 200, body: `<html><body>${echo}</body></html>`, path: /\/settings$/, times: 1 });
    await run(['sync', '--verbose'], { code: 1 });
    emulator.faults.add({ type: 'malformed-json', body: `{"message": "${echo}"`, path: /\/recipes\/$/, times: 1 });
    await run(['drift', '--verbose'], { code: 1, spawn: true });
    emulator.faults.add({ type: 'status', status: 500, message: echo, path: /datasets\/customers_prepared$/, times: 1 });
    await run(['sync'], { code: 1 });
    emulator.faults.add({ type: 'slow', delayMs: 5_000, path: /datasets\/customers_prepared$/, times: 1 });
    emulator.faults.add({ type: 'drop-connection', path: /datasets\/customers_prepared$/, times: 1 });
    const retried = await run(['sync', '--verbose', '--timeout', '300ms'], { code: 0, spawn: true });
    expect(retried.stderr).toMatch(/timed out after 300 ms.*retrying[^]*closed unexpectedly.*retrying/);

    // The key given on the command line instead of the environment.
    const argvOnly = { url: server.url, apiKey: '' };
    await run(['sync', '--verbose', '--api-key', API_KEY], { connection: argvOnly, code: 0, spawn: true });
    emulator.faults.add({ type: 'status', status: 500, message: echo, path: /\/settings$/, times: 2 });
    await run(['sync', '--verbose', '--api-key', API_KEY], { connection: argvOnly, code: 1 });
    await run(['sync', '--verbose', '--api-key', 'wrong-key-for-sure'], { connection: argvOnly, code: 1 });

    // While a sync holds the lock: the lock file, a locked sync, a wrong force-unlock.
    const hold = emulator.hold();
    const child = spawnCli(work.path, connection, ['sync', '--verbose']);
    let heldOutput = '';
    child.stdout?.on('data', (chunk: Buffer) => (heldOutput += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (heldOutput += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // A request still on its way from an earlier run can be the first one held: wait for the lock
    // itself, which the child holds while its reads are held (a bound, not a speed check).
    await emulator.stats.whenInFlight(1);
    await vi.waitFor(() => stat(`${stateFile}.lock`), { timeout: 60_000, interval: 50 });
    const lockText = await readFile(`${stateFile}.lock`, 'utf8');
    expect((await stat(`${stateFile}.lock`)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(lockText)).toEqual({
      id: expect.any(String) as unknown,
      pid: child.pid,
      host: expect.any(String) as unknown,
      user: expect.any(String) as unknown,
      operation: 'sync',
      created: expect.any(String) as unknown,
    });
    expectNoSecret(lockText, 'the lock file');
    const locked = await run(['sync', '--verbose'], { code: 1, spawn: true });
    expect(locked.stderr).toMatch(/^error: state is locked by .* \(id [0-9a-f-]{36}\); wait for it to finish/);
    await run(['force-unlock', 'not-the-id'], { code: 1 });
    hold.release();
    expect(await exited).toBe(0);
    expectNoSecret(heldOutput, 'the output of the sync that held the lock');

    expect(outputs.length).toBeGreaterThanOrEqual(20);
    for (const [command, result] of outputs) {
      expectNoSecret(result.stdout, `the stdout of "${command}"`);
      expectNoSecret(result.stderr, `the stderr of "${command}"`);
    }
    // --verbose printed stack traces, in real processes and in-process, and they were searched.
    expect(outputs.filter(([, result]) => result.stderr.includes('\n    at ')).length).toBeGreaterThanOrEqual(3);
    const files = await listFiles(work.path);
    expect(files.filter((file) => file.includes('.backups/')).length).toBeGreaterThanOrEqual(2);
    for (const file of files) expectNoSecret(await readFile(join(work.path, file), 'latin1'), file);

    const state = await loadState(stateFile);
    const params = state.getResource('dataset.CUSTOMER_ANALYTICS.crm_contacts_api')?.attributes.params as { customConfig: Record<string, unknown> };
    expect(isRedactionMarker(params.customConfig.password)).toBe(true);
    expect(isRedactionMarker(params.customConfig.apiKey)).toBe(true);
  });

  it('state files and backups are private: mode 0600 in 0700 directories, even after the state file was made 0644', async () => {
    await withWorkspace(async (workspace) => {
      await workspace.run(['sync']);
      // A state file made world-readable (a checkout, a chmod): its backup must still be private.
      await chmod(workspace.stateFile, 0o644);
      for (const change of ['first', 'second']) {
        const dataset = workspace.server.emulator.store.getDataset('SALES_REPORTING', 'orders_clean');
        dataset.description = change;
        workspace.server.emulator.store.putDataset('SALES_REPORTING', 'orders_clean', dataset);
        expect((await workspace.run(['sync'])).code).toBe(0);
      }
      const backups = await readdir(`${workspace.stateFile}.backups`);
      expect(backups).toHaveLength(2);
      for (const file of [workspace.stateFile, ...backups.map((name) => join(`${workspace.stateFile}.backups`, name))]) {
        expect(((await stat(file)).mode & 0o777).toString(8), file).toBe('600');
      }
      for (const directory of [join(workspace.directory, '.dataiku'), join(workspace.directory, '.dataiku', 'state'), `${workspace.stateFile}.backups`]) {
        expect(((await stat(directory)).mode & 0o777).toString(8), directory).toBe('700');
      }
    });
  });
});

describe('credential-like values anywhere in DSS objects are redacted', () => {
  it('in dataset params, project settings, recipe params and JSON payloads, at any depth, and in name/value pairs', async () => {
    await withWorkspace(async (workspace) => {
      const { store } = workspace.server.emulator;
      let counter = 0;
      const secret = (): string => `S3cret-value-${++counter}-zq`;
      const customConfig = {
        dbPassword: secret(),
        pwd: secret(),
        passphrase: secret(),
        secret_access_key: secret(),
        privateKey: { pem: secret(), format: 'PKCS8' },
        connectionString: secret(),
        sasToken: secret(),
        'x-api-key': secret(),
        auth: { api_key: secret(), oauth: { refresh_token: secret(), client_secret: secret(), tokenUrl: 'https://auth.example.com/token' } },
        headers: { Authorization: `Bearer ${secret()}` },
        accounts: [{ login: 'svc', password: secret() }],
        maxTokens: 4096,
      };
      const dataset = store.getDataset('CUSTOMER_ANALYTICS', 'crm_contacts_api');
      store.putDataset('CUSTOMER_ANALYTICS', 'crm_contacts_api', { ...dataset, params: { ...(dataset.params as object), customConfig } });
      const settings = store.getProjectSettings('SALES_REPORTING');
      store.putProjectSettings('SALES_REPORTING', { ...settings, settings: { ...(settings.settings as object), integrations: { webhookToken: secret(), slackApiKey: secret() } } });
      const recipe = store.getRecipe('CUSTOMER_ANALYTICS', 'group_customers_by_country');
      const payload = { ...(JSON.parse(recipe.payload ?? '{}') as object), engineParams: { jdbc: { password: secret() } } };
      const sparkConf = [{ key: 'spark.hadoop.fs.s3a.secret.key', value: secret() }, { key: 'spark.executor.memory', value: '4g' }, { name: 'db.password', value: secret() }];
      store.putRecipe('CUSTOMER_ANALYTICS', 'group_customers_by_country', {
        recipe: { ...recipe.recipe, params: { ...(recipe.recipe.params as object), credentials: { user: 'etl', key: secret() }, sparkConf } },
        payload: JSON.stringify(payload),
      });
      const secrets = Array.from({ length: counter }, (_, index) => `S3cret-value-${index + 1}-zq`);

      const sync = await workspace.run(['sync']);
      expect(sync.code, sync.stderr).toBe(0);
      const texts: [string, string][] = [['sync output', sync.stdout + sync.stderr], ['state file', await readFile(workspace.stateFile, 'latin1')]];
      // Rotate every secret of the dataset (the new values start with the old ones, so they are searched too).
      const rotated = JSON.parse(JSON.stringify(customConfig).replace(/S3cret-value-\d+-zq/g, '$&-rotated')) as JsonObject;
      store.putDataset('CUSTOMER_ANALYTICS', 'crm_contacts_api', { ...dataset, params: { ...(dataset.params as JsonObject), customConfig: rotated } });
      const drift = await workspace.run(['drift', '--json']);
      expect(drift.code).toBe(2);
      texts.push(['drift --json', drift.stdout + drift.stderr]);
      for (const [where, text] of texts) for (const value of secrets) expect(text.includes(value), `${value} in the ${where}`).toBe(false);

      const state = await loadState(workspace.stateFile);
      const config = (state.getResource('dataset.CUSTOMER_ANALYTICS.crm_contacts_api')!.attributes.params as { customConfig: Record<string, unknown> }).customConfig;
      for (const key of ['dbPassword', 'pwd', 'passphrase', 'secret_access_key', 'privateKey', 'connectionString', 'sasToken', 'x-api-key']) expect(isRedactionMarker(config[key]), key).toBe(true);
      expect(config.maxTokens).toBe(4096);
      const auth = config.auth as { api_key: unknown; oauth: Record<string, unknown> };
      expect([auth.api_key, auth.oauth.refresh_token, auth.oauth.client_secret].every(isRedactionMarker)).toBe(true);
      expect(auth.oauth.tokenUrl).toBe('https://auth.example.com/token');
      const recipeParams = state.getResource('recipe.CUSTOMER_ANALYTICS.group_customers_by_country')!.attributes.params as { sparkConf: { value: unknown }[] };
      expect(recipeParams.sparkConf.map((pair) => isRedactionMarker(pair.value))).toEqual([true, false, true]);
      // With the same redaction key, a rotated secret changes its marker: drift shows the change, never the value.
      expect(drift.stdout).toContain('params.customConfig.dbPassword');
    });
  });
});

describe('names and paths cannot escape the state directory', () => {
  const work = useWorkDirectory();
  const connection = { url: 'http://127.0.0.1:9', apiKey: API_KEY };

  it.each(['../x', '..', '.', 'a/b', '/tmp/x', 'a\\b', '', 'x'.repeat(65), 'dev\u0000', '%2e%2e', 'prod.state.json'])('--env %j is refused before anything is created', async (name) => {
    for (const command of [['sync'], ['drift'], ['show'], ['validate'], ['force-unlock', 'some-id']]) {
      const result = await runInProcess(work.path, connection, [...command, '--env', name]);
      expect(result.stderr).toBe(`error: invalid environment name ${JSON.stringify(name)}: use 1-64 letters, digits, "_" or "-"\n`);
      expect(result.code).toBe(1);
    }
    expect(await readdir(work.path)).toEqual([]);
  });

  it('everything a state file needs stays beside it: lock, backups and temporary files', async () => {
    await withWorkspace(async (workspace) => {
      for (const description of ['a', 'b']) {
        const dataset = workspace.server.emulator.store.getDataset('SALES_REPORTING', 'orders_clean');
        dataset.description = description;
        workspace.server.emulator.store.putDataset('SALES_REPORTING', 'orders_clean', dataset);
        expect((await workspace.run(['sync', '--state-file', 'states/team.json'])).code).toBe(0);
      }
      const files = await listFiles(workspace.directory);
      expect(files).toEqual(['states/team.json', expect.stringMatching(/^states\/team\.json\.backups\/[\w-]+\.serial-1\.json$/)]);
    });
  });

  it('object names from DSS never become paths: names that cannot form a resource id are skipped', async () => {
    await withWorkspace(async (workspace) => {
      workspace.server.emulator.faults.add({
        type: 'unexpected-shape',
        body: [{ name: '../../../../etc/passwd' }, { name: 'a/b' }, { name: '..' }, { name: '2024-orders' }],
        path: '/projects/SALES_REPORTING/datasets/',
        method: 'GET',
        times: 1,
      });
      const result = await workspace.run(['sync', '--project', 'SALES_REPORTING']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(3);
      expect(result.stderr).toMatch(/^warning: .*"\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd".*skipped/m);
      const requested = Object.keys(workspace.server.emulator.stats.byRoute);
      expect(requested.some((route) => route.includes('..') || route.includes('passwd'))).toBe(false);
      expect(await listFiles(workspace.directory)).toEqual(['.dataiku/state/dev.state.json']);
      expect((await loadState(workspace.stateFile)).resourceIds()).toContain('dataset.SALES_REPORTING.2024-orders');
    });
  });
});

describe('prototype-pollution keys have no effect', () => {
  const pollution = (): unknown => (({}) as Record<string, unknown>).polluted;
  const hostile = (extra: string): Record<string, unknown> =>
    JSON.parse(`{"__proto__": {"polluted": "from ${extra}"}, "constructor": {"prototype": {"polluted": "from ${extra}"}}, "separator": ","}`) as Record<string, unknown>;

  it('in DSS objects: kept as plain data in the state, which loads back and shows no drift', async () => {
    await withWorkspace(async (workspace) => {
      const { store } = workspace.server.emulator;
      const dataset = store.getDataset('SALES_REPORTING', 'orders_clean');
      store.putDataset('SALES_REPORTING', 'orders_clean', { ...dataset, formatParams: hostile('the store'), params: { ...(dataset.params as object), ...hostile('params') } } as typeof dataset);
      // The emulator serves the keys on the wire, as DSS would.
      const served = await fetch(`${workspace.server.url}/public/api/projects/SALES_REPORTING/datasets/orders_clean`, { headers: { Authorization: workspace.server.emulator.authorization } });
      expect(await served.text()).toContain('"formatParams":{"__proto__":{"polluted":"from the store"}');

      expect((await workspace.run(['sync'])).code).toBe(0);
      expect(pollution()).toBeUndefined();
      const state = await loadState(workspace.stateFile);
      const attributes = state.getResource('dataset.SALES_REPORTING.orders_clean')!.attributes;
      const formatParams = attributes.formatParams as Record<string, unknown>;
      expect(Object.keys(formatParams)).toEqual(['__proto__', 'constructor', 'separator']);
      expect(Object.getPrototypeOf(formatParams)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(formatParams, '__proto__')?.value).toEqual({ polluted: 'from the store' });
      expect(await readFile(workspace.stateFile, 'utf8')).toContain('"__proto__": {');
      for (const argv of [['drift'], ['show', '--json'], ['validate'], ['sync']]) {
        const result = await workspace.run(argv);
        expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      }
      expect((await workspace.run(['drift'])).stdout).toMatch(/^No changes\./);
      expect(pollution()).toBeUndefined();
    });
  });

  it('in a DSS answer of unexpected shape', async () => {
    await withWorkspace(async (workspace) => {
      const body = JSON.parse(
        '{"__proto__": {"polluted": "from a response", "type": "Injected"}, "constructor": {"prototype": {"polluted": "yes"}}, "name": "customers_prepared", "type": "Filesystem"}',
      ) as unknown;
      workspace.server.emulator.faults.add({ type: 'unexpected-shape', body, path: '/projects/CUSTOMER_ANALYTICS/datasets/customers_prepared' });
      const listBody = JSON.parse('[{"__proto__": {"name": "injected"}}]') as unknown;
      workspace.server.emulator.faults.add({ type: 'unexpected-shape', body: listBody, path: '/projects/SALES_REPORTING/recipes/' });
      const result = await workspace.run(['sync', '--project', 'CUSTOMER_ANALYTICS']);
      expect(result.code, result.stderr).toBe(0);
      const attributes = (await loadState(workspace.stateFile)).getResource('dataset.CUSTOMER_ANALYTICS.customers_prepared')!.attributes;
      expect(attributes.type).toBe('Filesystem');
      const listed = await workspace.run(['sync', '--project', 'SALES_REPORTING']);
      expect(listed.stderr).toBe('error: GET /public/api/projects/SALES_REPORTING/recipes/: expected "[0].name" to be a string, got nothing\n');
      expect(pollution()).toBeUndefined();
    });
  });

  it('in a state file: refused where the schema owns the keys, plain data inside attributes', async () => {
    await withWorkspace(async (workspace) => {
      await workspace.run(['sync', '--project', 'sandbox_lab']);
      const text = await readFile(workspace.stateFile, 'utf8');
      for (const bad of [text.replace('{', '{\n  "__proto__": {"polluted": "from a state"},'), text.replace('"resources": {', '"resources": {\n    "constructor": {"prototype": {"polluted": "from a state"}},')]) {
        await writeFile(workspace.stateFile, bad);
        for (const argv of [['validate'], ['show'], ['drift'], ['sync']]) {
          const result = await workspace.run(argv);
          expect(result.code).toBe(1);
          expect(result.stderr).toMatch(/^error: state file \S+dev\.state\.json is corrupted: .*(__proto__|constructor)/);
        }
        expect(pollution()).toBeUndefined();
      }
      expect(existsSync(`${workspace.stateFile}.lock`)).toBe(false);
      expect((await lstat(workspace.stateFile)).isFile()).toBe(true);
    });
  });
});
