import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli.js';
import { useDss } from '../__fixtures__/dss.js';

const dss = useDss();
const run = (argv: readonly string[], options?: Parameters<typeof cli>[2]): ReturnType<typeof cli> => cli(dss.directory, argv, options);
const stateFile = (): string => join(dss.directory, '.dataiku', 'state', 'dev.state.json');

const CONFIG = `version: 1
projects:
  ANALYTICS:
    name: Analytics
    tags: [marketing, crm]
    datasets:
      customers: { type: Filesystem, params: { connection: filesystem_managed, path: "\${projectKey}/customers" }, formatType: csv, formatParams: { separator: "," } }
      customers_clean: { type: Filesystem, params: { connection: filesystem_managed, path: "\${projectKey}/customers_clean" }, formatType: csv, formatParams: { separator: ";" } }
    recipes:
      clean_customers: { type: python, inputs: [customers], outputs: [customers_clean], code_file: recipes/clean.py }
`;

async function writeConfig(text = CONFIG, code = 'import dataiku\nprint("clean")\n'): Promise<void> {
  await mkdir(join(dss.directory, 'recipes'), { recursive: true });
  await writeFile(join(dss.directory, 'dataiku.yaml'), text);
  await writeFile(join(dss.directory, 'recipes', 'clean.py'), code);
}

function writes(): number {
  return ['project.ANALYTICS', 'dataset.ANALYTICS.customers', 'dataset.ANALYTICS.customers_clean', 'recipe.ANALYTICS.clean_customers']
    .map((id) => dss.emulator.stats.writes(id))
    .reduce((sum, count) => sum + count.creates + count.updates + count.deletes, 0);
}

describe('plan', () => {
  it('shows what applying the configuration would create, exit 2, and writes nothing anywhere', async () => {
    await writeConfig();
    const result = await run(['plan']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('  # project.ANALYTICS will be created');
    expect(result.stdout).toContain('  + recipe.ANALYTICS.clean_customers');
    expect(result.stdout).toContain('        + import dataiku');
    expect(result.stdout).toContain('Plan: 4 to add, 0 to change, 0 to replace, 0 to destroy.');
    expect(writes()).toBe(0);
    await expect(stat(stateFile())).rejects.toThrow(/ENOENT/);
  });

  it('--json prints the versioned plan; --out saves it 0600 for apply, and show renders it', async () => {
    await writeConfig();
    const json = JSON.parse((await run(['plan', '--json'])).stdout) as { format_version: number; actions: { action: string; resource_id: string }[] };
    expect(json.format_version).toBe(1);
    expect(json.actions.map((action) => `${action.action} ${action.resource_id}`)).toEqual([
      'create project.ANALYTICS',
      'create dataset.ANALYTICS.customers',
      'create dataset.ANALYTICS.customers_clean',
      'create recipe.ANALYTICS.clean_customers',
    ]);
    const saved = await run(['plan', '--out', 'tfplan.json']);
    expect(saved.stdout).toContain('Saved the plan to');
    expect((await stat(join(dss.directory, 'tfplan.json'))).mode & 0o777).toBe(0o600);
    const shown = await run(['show', 'tfplan.json']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Plan of .* for environment dev \(state serial 0, .*dataiku\.yaml\):/);
    expect(shown.stdout).toContain('Plan: 4 to add');
    expect((JSON.parse((await run(['show', 'tfplan.json', '--json'])).stdout) as { summary: { add: number } }).summary.add).toBe(4);
    expect(await run(['show', 'missing.json'])).toMatchObject({ code: 1, stderr: `error: plan file not found: ${join(dss.directory, 'missing.json')}\n` });
  });

  it('--refresh=false plans against the state file, without DSS settings', async () => {
    await writeConfig();
    const result = await run(['plan', '--refresh=false'], { env: { DATAIKU_HOST: undefined } });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Planned against the state file, not DSS (--refresh=false).');
    expect((await run(['plan', '--refresh=maybe'])).stderr).toBe('error: --refresh takes true or false, not "maybe"\n');
  });

  it('reports a bad configuration with file:line:column, exit 1', async () => {
    await writeConfig(CONFIG.replace('formatParams: { separator: "," }', 'formatParms: { separator: "," }'));
    const result = await run(['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*dataiku\.yaml:7:\d+: .*formatParms.*did you mean "formatParams"/);
    await writeConfig(CONFIG.replace('inputs: [customers]', 'inputs: [nowhere]'));
    const missing = await run(['plan']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere/);
  });

  it('reads the managed projects while the configuration loads; a configuration that fails is still the one error', async () => {
    await writeConfig();
    expect((await run(['apply', '--auto-approve'])).code).toBe(0);
    const saved = await readFile(stateFile(), 'utf8');
    const second = CONFIG.replace('projects:\n', 'projects:\n  REPORTING:\n    name: Reporting\n');
    await writeConfig(second);
    const plan = await run(['plan']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+ project.REPORTING');
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy.');

    dss.emulator.faults.add({ type: 'status', status: 401 });
    await writeConfig(CONFIG.replace('tags: [marketing, crm]', 'tags: [marketing, crm'));
    const broken = await run(['plan']);
    expect(broken).toMatchObject({ code: 1, stdout: '' });
    expect(broken.stderr).toMatch(/^error: .*dataiku\.yaml:\d+:\d+: invalid YAML/);
    expect(broken.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    await writeConfig();
    const unauthorized = await run(['plan']);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toMatch(/401.*check DATAIKU_API_KEY or --api-key: DSS did not accept the API key/);
    expect(await readFile(stateFile(), 'utf8')).toBe(saved);
  });
});

describe('apply', () => {
  it('without a terminal and without --auto-approve refuses with one line', async () => {
    await writeConfig();
    expect(await run(['apply'])).toEqual({ code: 1, stdout: '', stderr: 'error: apply needs a confirmation, and standard input is not a terminal: pass --auto-approve, or apply a saved plan\n' });
    expect(writes()).toBe(0);
  });

  it('asks before applying a plan made now: only "yes" proceeds', async () => {
    await writeConfig();
    const answers: string[] = [];
    const no = await run(['apply'], { ask: (question) => (answers.push(question), Promise.resolve('y')) });
    expect(no).toMatchObject({ code: 1 });
    expect(no.stdout).toContain('Apply cancelled: nothing was changed.');
    expect(answers).toEqual(['\nDo you want to perform these actions? Only "yes" will be accepted: ']);
    expect(writes()).toBe(0);
    const yes = await run(['apply'], { ask: () => Promise.resolve('yes') });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('+ project.ANALYTICS: created');
    expect(yes.stdout).toMatch(/Apply complete! Resources: 4 added, 0 changed, 0 replaced, 0 destroyed\. State saved to .* \(serial \d+\)\./);
  });

  it('creates what is declared; then plan shows no changes and drift is clean', async () => {
    await writeConfig();
    const applied = await run(['apply', '--auto-approve']);
    expect(applied.code).toBe(0);
    expect(dss.emulator.store.getRecipe('ANALYTICS', 'clean_customers').payload).toBe('import dataiku\nprint("clean")\n');
    const again = await run(['plan']);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('No changes. DSS matches the configuration (4 declared objects).');
    expect((await run(['drift'])).code).toBe(0);
    const show = await run(['show']);
    expect(show.stdout).toMatch(/recipe\.ANALYTICS\.clean_customers .* managed/);
    await writeConfig(CONFIG, 'import dataiku\nprint("cleaner")\n');
    const update = await run(['apply', '--auto-approve']);
    expect(update.stdout).toContain('~ recipe.ANALYTICS.clean_customers: updated');
    expect((await run(['plan'])).code).toBe(0);
  });

  it('carries out a saved plan, and refuses one the state or the configuration moved past, writing nothing', async () => {
    await writeConfig();
    await run(['plan', '--out', 'tfplan.json']);
    await run(['plan', '--out', 'second.json']);
    const applied = await run(['apply', 'tfplan.json']);
    expect(applied.code).toBe(0);
    const before = writes();
    const stale = await run(['apply', 'second.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^error: the state changed since the plan was made \(serial 0 then, \d+ now\); run plan again\n$/);
    await run(['plan', '--out', 'third.json']);
    await writeConfig(CONFIG.replace('name: Analytics', 'name: Analytics 2'));
    expect((await run(['apply', 'third.json'])).stderr).toMatch(/^error: the configuration \(.*dataiku\.yaml\) changed since the plan was made; run plan again\n$/);
    expect(writes()).toBe(before);
  });

  it('a saved plan takes its secrets from the environment by the names it recorded, and any edit of the files makes it stale', async () => {
    await writeConfig(CONFIG.replace('path: "${projectKey}/customers" }', 'path: "${projectKey}/customers", password: "${env:CUSTOMERS_PASSWORD}" }'));
    expect((await run(['plan', '--out', 'tfplan.json'], { env: { CUSTOMERS_PASSWORD: 'one' } })).code).toBe(2);
    const before = writes();
    expect(await run(['apply', 'tfplan.json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: the plan needs secrets that are not set: CUSTOMERS_PASSWORD (for dataset.ANALYTICS.customers); set them as they were when the plan was made\n',
    });
    expect((await run(['apply', 'tfplan.json'], { env: { CUSTOMERS_PASSWORD: 'two' } })).stderr).toMatch(/^error: the value of \$\{env:CUSTOMERS_PASSWORD\} for dataset\.ANALYTICS\.customers changed since the plan was made; run plan again\n$/);
    await writeFile(join(dss.directory, 'dataiku.yaml'), `# a comment\n${(await readFile(join(dss.directory, 'dataiku.yaml'), 'utf8'))}`);
    expect((await run(['apply', 'tfplan.json'], { env: { CUSTOMERS_PASSWORD: 'one' } })).stderr).toMatch(/^error: the configuration \(.*dataiku\.yaml\) changed since the plan was made; run plan again\n$/);
    expect(writes()).toBe(before);
  });

  it('a saved plan reads the configuration it was made from, wherever it lies', async () => {
    await writeConfig();
    await mkdir(join(dss.directory, 'config'));
    await rename(join(dss.directory, 'dataiku.yaml'), join(dss.directory, 'config', 'dataiku.yaml'));
    await rename(join(dss.directory, 'recipes'), join(dss.directory, 'config', 'recipes'));
    expect((await run(['plan', '-c', 'config', '--out', 'tfplan.json'])).code).toBe(2);
    await rename(join(dss.directory, 'config'), join(dss.directory, 'moved'));
    expect(await run(['apply', 'tfplan.json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: the plan was made from the configuration at ${join(dss.directory, 'config')}, which is not there: pass --config PATH\n`,
    });
    await rename(join(dss.directory, 'moved'), join(dss.directory, 'config'));
    const applied = await run(['apply', 'tfplan.json']);
    expect(applied.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 replaced, 0 destroyed.');
    expect(applied.code).toBe(0);
  });
});

describe('import, graph and show --journal', () => {
  it('import writes a configuration that plans with no changes, and adopts the project as managed', async () => {
    const imported = await run(['import', '--project', 'SALES', '--dir', 'config']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`Wrote the configuration of SALES:\n  ${join(dss.directory, 'config', 'SALES.yaml')}`);
    expect(imported.stdout).toMatch(/Adopted 4 resources as managed in /);
    expect(imported.stdout).toMatch(/^config is not where plan looks by default \(dataiku\/\): plan it with -c config$/m);
    const plan = await run(['plan', '-c', 'config']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const state = await new LocalFileBackend({ stateFile: stateFile() }).load();
    expect(state.listResources().filter((resource) => resource.projectKey === 'SALES').every((resource) => resource.metadata.managed)).toBe(true);
    expect((await run(['import', '--project', 'SALES', '--dir', 'config'])).code).toBe(1);
    expect((await run(['import'])).stderr).toBe('error: import takes one project: --project KEY\n');
  });

  it('import writes into dataiku/ by default, where plan looks, but not beside a dataiku.yaml', async () => {
    const imported = await run(['import', '--project', 'SALES']);
    expect(imported.stdout).toContain(`Wrote the configuration of SALES:\n  ${join(dss.directory, 'dataiku', 'SALES.yaml')}`);
    expect(imported.stdout).not.toContain('plan it with -c');
    const plan = await run(['plan']);
    expect([plan.code, plan.stdout]).toEqual([0, 'No changes. DSS matches the configuration (4 declared objects).\n']);
    await rm(join(dss.directory, 'dataiku'), { recursive: true });
    await writeConfig();
    const refused = await run(['import', '--project', 'SALES', '--overwrite']);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: dataiku.yaml exists here, and import writes a file per project into a directory: choose it with --dir, then plan it with -c\n',
    });
    expect(existsSync(join(dss.directory, 'dataiku'))).toBe(false);
  });

  it('graph draws the flow of the state or of the configuration', async () => {
    await run(['sync', '--project', 'SALES']);
    const dot = await run(['graph']);
    expect(dot.stdout).toContain('"dataset.SALES.orders" -> "recipe.SALES.compute_orders_prepared";');
    const mermaid = await run(['graph', '--format', 'mermaid', '-p', 'SALES']);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    await writeConfig();
    expect((await run(['graph', '-c', 'dataiku.yaml'])).stdout).toContain('"dataset.ANALYTICS.customers" -> "recipe.ANALYTICS.clean_customers";');
    expect((await run(['graph', '--format', 'png'])).stderr).toBe('error: --format takes dot or mermaid, not "png"\n');
  });

  it('show --journal tells what an interrupted apply left to find out', async () => {
    expect((await run(['show', '--journal'])).stdout).toMatch(/^No interrupted apply: the journal of .* is empty\.\n$/);
    const backend = new LocalFileBackend({ stateFile: stateFile() });
    await backend.journal.append([
      { kind: 'begin', plan: 'p', lineage: null, started_at: '2026-12-01T10:00:00.000+00:00' },
      { kind: 'intent', resource_id: 'dataset.P.a', action: 'create' },
      { kind: 'intent', resource_id: 'dataset.P.b', action: 'update' },
      { kind: 'failed', resource_id: 'dataset.P.b', error: 'boom' },
    ]);
    const shown = await run(['show', '--journal']);
    expect(shown.stdout).toBe(
      [
        'An apply started 2026-12-01T10:00:00.000+00:00 was interrupted: 0 done, 1 failed, 1 to check in DSS.',
        '  ? dataset.P.a: create begun, outcome unknown',
        '  ! dataset.P.b: boom',
        'The next apply finds out from DSS what happened before going on.',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await run(['show', '--journal', '--json'])).stdout)).toMatchObject({ interrupted: true, unknown: { 'dataset.P.a': 'create' } });
    await writeConfig();
    const planned = await run(['plan']);
    expect(planned.code).toBe(2);
    expect(planned.stderr).toBe(
      'warning: an interrupted apply has not been recovered yet (0 operations done since its last checkpoint, 1 with an unknown outcome): this plan does not account for them; run dataiku-iac apply to recover it first (dataiku-iac show --journal shows it)\n',
    );
  });
});

describe('apply when something fails', () => {
  it('says what was done, what failed and why, what did not start; exit 1; the state holds what was done', async () => {
    await writeConfig();
    dss.emulator.faults.add({ type: 'status', status: 500, method: 'POST', path: /\/recipes\/$/ });
    const result = await run(['apply', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: recipe\.ANALYTICS\.clean_customers: POST \/public\/api\/projects\/ANALYTICS\/recipes\/ failed with 500/);
    expect(result.stdout).toContain('Apply incomplete: 3 of 4 actions done (3 added, 0 changed, 0 replaced, 0 destroyed), 1 failed, 0 not started.');
    expect(result.stdout).toMatch(/ {2}failed: recipe\.ANALYTICS\.clean_customers: POST .* failed with 500/);
    expect(result.stdout).toContain('run dataiku-iac plan to see what remains.');
    const state = await new LocalFileBackend({ stateFile: stateFile() }).load();
    expect(state.resourceIds()).toEqual(['dataset.ANALYTICS.customers', 'dataset.ANALYTICS.customers_clean', 'project.ANALYTICS']);
    dss.emulator.faults.clear();
    dss.emulator.faults.add({ type: 'status', status: 500, method: 'POST', path: '/projects/' });
    await run(['state', 'migrate', '--from', stateFile(), '--to', 'copy.json']);
    await writeConfig(CONFIG.replaceAll('ANALYTICS', 'OTHER'));
    const stopped = await run(['apply', '--auto-approve', '--state-file', 'other.json']);
    expect(stopped.stdout).toMatch(/ {2}not started: dataset\.OTHER\.customers \(it needs project\.OTHER, which failed\)/);
    dss.emulator.faults.clear();
    dss.emulator.faults.add({ type: 'status', status: 401, method: 'GET', path: /\/datasets\// });
    const unauthorized = await run(['apply', '--auto-approve', '--state-file', 'third.json']);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stdout).toMatch(/ {2}failed: dataset\.OTHER\.\w+: .*401.*check DATAIKU_API_KEY or --api-key/);
    expect(`${unauthorized.stdout}${unauthorized.stderr}`).not.toContain('apiKey option');
  });

  it('Ctrl-C: what is in flight finishes and is recorded, nothing new starts, exit 130', async () => {
    await writeConfig();
    await run(['plan', '--out', 'tfplan.json']);
    const hold = dss.emulator.hold();
    const controller = new AbortController();
    const applying = run(['apply', 'tfplan.json'], { signal: controller.signal });
    await dss.emulator.stats.whenInFlight(1);
    controller.abort();
    hold.release();
    const result = await applying;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('Apply interrupted: 1 of 4 actions done (1 added, 0 changed, 0 replaced, 0 destroyed), 0 failed, 3 not started.');
    expect(result.stdout).toContain('  not started: dataset.ANALYTICS.customers (interrupted)');
    expect((await new LocalFileBackend({ stateFile: stateFile() }).load()).resourceIds()).toEqual(['project.ANALYTICS']);
    expect(dss.emulator.stats.writes('dataset.ANALYTICS.customers').creates).toBe(0);
  });

  it('a saved plan with nothing to do does nothing', async () => {
    await writeConfig();
    await run(['apply', '--auto-approve']);
    await run(['plan', '--out', 'empty.json']);
    const result = await run(['apply', 'empty.json']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('No changes.');
  });

  it('import lists the variables of the secrets it referenced instead of writing them', async () => {
    dss.emulator.store.createDataset('SALES', { name: 'crm', type: 'PostgreSQL', params: { connection: 'pg_crm', mode: 'table', table: 't', password: 'hunter2' } });
    const imported = await run(['import', '--project', 'SALES', '--dir', 'config']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Secrets are referenced, never written: set this variable before you plan:\n {2}\S+ {2}\(dataset\.SALES\.crm .*password.*\)\n/);
    expect(await readFileText(join(dss.directory, 'config', 'SALES.yaml'))).not.toContain('hunter2');
  });
});

async function readFileText(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}
