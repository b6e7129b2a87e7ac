import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EmulatorServer, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runInProcess } from '../reliability/helpers.js';
import { useWorkDirectory } from './run-cli.js';

/**
 * Configuration and plan end to end: what `import` writes plans with no changes, on the demo
 * instance and on a synthetic one of 1,220 objects; each kind of edit of the YAML shows exactly the
 * expected action and attribute paths; `plan` never writes to DSS.
 */

const work = useWorkDirectory();
let server: EmulatorServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(seed: 'demo' | 'synthetic'): Promise<{ server: EmulatorServer; run: (argv: readonly string[], env?: Record<string, string>) => ReturnType<typeof runInProcess> }> {
  server = await startEmulatorServer({ seed });
  const connection = { url: server.url, apiKey: server.emulator.apiKey };
  return { server, run: (argv, env) => runInProcess(work.path, connection, argv, env) };
}

/** Every write the emulator has served. */
function writesOf(emulator: EmulatorServer): number {
  return Object.entries(emulator.emulator.stats.snapshot().byRoute)
    .filter(([route]) => !route.startsWith('GET '))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** The variables `import` asked for, with the values the emulator holds (the test knows the fake secrets). */
function secretValues(output: string, emulator: EmulatorServer): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [, variable, resourceId, path] of output.matchAll(/^ {2}(\S+) {2}\((\S+) (\S+)\)$/gm)) {
    const [, projectKey = '', name = ''] = (resourceId ?? '').split('.');
    let value: unknown = emulator.emulator.store.getDataset(projectKey, name);
    for (const key of (path ?? '').split('.')) value = (value as Record<string, unknown>)[key];
    values[variable ?? ''] = String(value);
  }
  return values;
}

describe('import, then plan', () => {
  it('shows no changes for every project of the demo instance, and plan never writes to DSS', async () => {
    const { server: dss, run } = await start('demo');
    let env: Record<string, string> = {};
    for (const key of dss.emulator.store.listProjectKeys()) {
      const imported = await run(['import', '--project', key, '--dir', 'config']);
      expect(imported.code, imported.stderr).toBe(0);
      env = { ...env, ...secretValues(imported.stdout, dss) };
    }
    expect(Object.keys(env).length).toBeGreaterThan(0);
    const before = writesOf(dss);
    const plan = await run(['plan', '-c', 'config'], env);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toMatch(/^No changes\. DSS matches the configuration \(\d+ declared objects\)\.\n$/);
    expect(plan.code).toBe(0);
    expect(writesOf(dss)).toBe(before);
    const wrongSecret = await run(['plan', '-c', 'config'], { ...env, [Object.keys(env)[0] ?? '']: 'not the secret' });
    expect(wrongSecret.code).toBe(2);
    expect(wrongSecret.stdout).toMatch(/~ params\.\S+: \(sensitive value\) → \(sensitive value\)\n/);
    expect(wrongSecret.stdout).not.toContain('not the secret');
  });

  it('shows no changes for a synthetic instance of 1,220 objects', async () => {
    const { server: dss, run } = await start('synthetic');
    const keys = dss.emulator.store.listProjectKeys();
    expect(keys).toHaveLength(20);
    for (const key of keys) expect((await run(['import', '--project', key, '--dir', 'config'])).code).toBe(0);
    const before = writesOf(dss);
    const plan = await run(['plan', '-c', 'config']);
    expect(plan.stdout).toBe('No changes. DSS matches the configuration (1220 declared objects).\n');
    expect(plan.code).toBe(0);
    expect(writesOf(dss)).toBe(before);
    // A bound for a hang, not a speed check: 21 CLI processes and 1,300 requests, on a 2-core machine
    // that may be busy with everything else.
  }, 600_000);
});

describe('each kind of edit shows exactly the expected action', () => {
  const PROJECT = ['projects', 'CUSTOMER_ANALYTICS'];
  const file = (): string => join(work.path, 'config', 'CUSTOMER_ANALYTICS.yaml');

  interface PlannedAction {
    readonly resource_id: string;
    readonly action: string;
    readonly changes: { path: string; op: string }[];
  }

  it.each([
    ['a param', (doc: ReturnType<typeof parseDocument>) => { doc.setIn([...PROJECT, 'datasets', 'customers_prepared', 'formatParams', 'separator'], ';'); }, [['update', 'dataset.CUSTOMER_ANALYTICS.customers_prepared', ['formatParams.separator']]]],
    ['a schema column', (doc: ReturnType<typeof parseDocument>) => { doc.setIn([...PROJECT, 'datasets', 'RAW_CUSTOMERS', 'schema', 'columns', 3, 'type'], 'string'); }, [['update', 'dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS', ['schema.columns[3].type']]]],
    ['a tag', (doc: ReturnType<typeof parseDocument>) => { doc.setIn([...PROJECT, 'tags'], ['marketing', 'crm', 'gold']); }, [['update', 'project.CUSTOMER_ANALYTICS', ['tags']]]],
    ['a new dataset', (doc: ReturnType<typeof parseDocument>) => { doc.setIn([...PROJECT, 'datasets', 'customers_archive'], { type: 'Filesystem', params: { connection: 'filesystem_managed', path: '${projectKey}/customers_archive' } }); }, [['create', 'dataset.CUSTOMER_ANALYTICS.customers_archive', ['name', 'type', 'params']]]],
    ['a removed recipe', (doc: ReturnType<typeof parseDocument>) => doc.deleteIn([...PROJECT, 'recipes', 'sql_top_customers']), [['delete', 'recipe.CUSTOMER_ANALYTICS.sql_top_customers', []]]],
    ['a type', (doc: ReturnType<typeof parseDocument>) => { doc.setIn([...PROJECT, 'datasets', 'top_customers', 'type'], 'S3'); }, [['replace', 'dataset.CUSTOMER_ANALYTICS.top_customers', ['type']]]],
  ] as const)('%s', async (_kind, edit, expected) => {
    const { server: dss, run } = await start('demo');
    const imported = await run(['import', '--project', 'CUSTOMER_ANALYTICS', '--dir', 'config']);
    const env = secretValues(imported.stdout, dss);
    const doc = parseDocument(await readFile(file(), 'utf8'));
    edit(doc);
    await writeFile(file(), doc.toString());
    const before = writesOf(dss);
    const plan = await run(['plan', '-c', 'config', '--json'], env);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    const actions = (JSON.parse(plan.stdout) as { actions: PlannedAction[] }).actions;
    expect(actions.map((action) => [action.action, action.resource_id, action.changes.map((change) => change.path)])).toEqual(expected);
    expect(writesOf(dss)).toBe(before);
  });

  it('a code line', async () => {
    const { server: dss, run } = await start('demo');
    const imported = await run(['import', '--project', 'CUSTOMER_ANALYTICS', '--dir', 'config']);
    const code = join(work.path, 'config', 'recipes', 'CUSTOMER_ANALYTICS', 'compute_customers_prepared.py');
    await writeFile(code, (await readFile(code, 'utf8')).replace('bins=[-1, 100, 1000, float("inf")]', 'bins=[-1, 250, 2500, float("inf")]'));
    const plan = await run(['plan', '-c', 'config'], secretValues(imported.stdout, dss));
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('  ~ recipe.CUSTOMER_ANALYTICS.compute_customers_prepared\n      ~ payload:\n          @@ line ');
    expect(plan.stdout).toContain('+ df["segment"] = pd.cut(df["lifetime_value"], bins=[-1, 250, 2500, float("inf")],');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.');
  });
});
