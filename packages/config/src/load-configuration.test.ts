import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkReferences, ConfigError, loadConfiguration } from './index.js';

const GOOD = fileURLToPath(new URL('./__fixtures__/good/', import.meta.url));

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-config-load-'));
  return async () => rm(directory, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(join(directory, path, '..'), { recursive: true });
    await writeFile(join(directory, path), text);
  }
}

async function loadError(path: string | undefined, env: Record<string, string> = {}): Promise<ConfigError> {
  try {
    await loadConfiguration(path, { cwd: directory, env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loaded without error');
}

describe('loadConfiguration', () => {
  it('loads the same in the background (worker threads) as in this thread, and gives process.env back as it was', async () => {
    // Large enough for a worker thread: about 300 KB of YAML per file.
    const datasets = (): string[] =>
      Array.from({ length: 2_500 }, (_, index) => `      ds_${index}: { type: Filesystem, params: { connection: fs, path: "\${projectKey}/ds_${index}", password: "\${env:PASSWORD}" } }`);
    await files(Object.fromEntries([0, 1].map((project) => [`config/P${project}.yaml`, ['version: 1', 'projects:', `  P${project}:`, '    datasets:', ...datasets(), ''].join('\n')])));
    const environment = process.env;
    const here = await loadConfiguration('config', { cwd: directory, env: { PASSWORD: 'hunter2' } });
    expect(process.env).toBe(environment);
    const background = await loadConfiguration('config', { cwd: directory, env: { PASSWORD: 'hunter2' }, background: true });
    expect(background.resources).toHaveLength(5_002);
    expect(background).toEqual(here);
    expect(background.resources.map((resource) => resource.secrets.map((secret) => secret.value))).toEqual(here.resources.map((resource) => resource.secrets.map(() => 'hunter2')));
  }, 120_000);

  it('turns the README example into resources in the state shape', async () => {
    const configuration = await loadConfiguration('brief/dataiku.yaml', { cwd: GOOD, env: { PG_PASSWORD: 'hunter2' } });
    expect(configuration.source).toBe(join(GOOD, 'brief/dataiku.yaml'));
    expect(configuration.files).toEqual([join(GOOD, 'brief/dataiku.yaml'), join(GOOD, 'brief/recipes/clean_customers.py')]);
    expect(configuration.projectKeys).toEqual(['CUSTOMER_ANALYTICS']);
    expect(configuration.resources.map((resource) => [resource.resourceId, resource.resourceType, resource.location, resource.dependsOn])).toEqual([
      ['dataset.CUSTOMER_ANALYTICS.customers', 'dataset', { file: 'brief/dataiku.yaml', line: 8, column: 7 }, ['project.CUSTOMER_ANALYTICS']],
      ['dataset.CUSTOMER_ANALYTICS.customers_clean', 'dataset', { file: 'brief/dataiku.yaml', line: 9, column: 7 }, ['project.CUSTOMER_ANALYTICS']],
      ['project.CUSTOMER_ANALYTICS', 'project', { file: 'brief/dataiku.yaml', line: 4, column: 3 }, []],
      [
        'recipe.CUSTOMER_ANALYTICS.clean_customers',
        'recipe',
        { file: 'brief/dataiku.yaml', line: 11, column: 7 },
        ['dataset.CUSTOMER_ANALYTICS.customers', 'dataset.CUSTOMER_ANALYTICS.customers_clean', 'project.CUSTOMER_ANALYTICS'],
      ],
    ]);
    const [customers, customersClean, project, recipe] = configuration.resources;
    expect(project?.attributes).toEqual({ projectKey: 'CUSTOMER_ANALYTICS', name: 'Customer analytics', tags: ['marketing'] });
    expect(customers?.attributes).toEqual({
      name: 'customers',
      type: 'PostgreSQL',
      params: { connection: 'pg_main', mode: 'table', table: 'customers', password: '${env:PG_PASSWORD}' },
    });
    expect(customersClean?.attributes).toEqual({
      name: 'customers_clean',
      type: 'Filesystem',
      params: { connection: 'filesystem_managed', path: '${projectKey}/customers_clean' },
      formatType: 'csv',
      formatParams: { separator: ';' },
    });
    expect(recipe?.attributes).toEqual({
      name: 'clean_customers',
      type: 'python',
      inputs: { main: { items: [{ ref: 'customers', deps: [] }] } },
      outputs: { main: { items: [{ ref: 'customers_clean', appendMode: false }] } },
      payload: 'import dataiku\n\ndf = dataiku.Dataset("customers").get_dataframe()\ndataiku.Dataset("customers_clean").write_with_schema(df.dropna())\n',
    });
    expect(checkReferences(configuration, new Set())).toEqual([]);
  });

  it('resolves secrets in memory only: never in attributes, JSON, inspection or the digest', async () => {
    const configuration = await loadConfiguration('brief/dataiku.yaml', { cwd: GOOD, env: { PG_PASSWORD: 'hunter2' } });
    const [secret] = configuration.resources[0]?.secrets ?? [];
    expect(secret?.value).toBe('hunter2');
    expect(secret?.path).toEqual(['params', 'password']);
    expect(secret?.variable).toBe('PG_PASSWORD');
    expect(JSON.stringify(configuration)).not.toContain('hunter2');
    expect(inspect(configuration, { depth: null })).not.toContain('hunter2');
    expect(structuredClone(secret)).toEqual({ path: ['params', 'password'], variable: 'PG_PASSWORD' });
    const other = await loadConfiguration('brief/dataiku.yaml', { cwd: GOOD, env: { PG_PASSWORD: 'another' } });
    expect(other.digest).toBe(configuration.digest);
  });

  it('gives the same digest for unchanged files and another one for any change, code included', async () => {
    const yaml = 'version: 1\nprojects:\n  P:\n    recipes:\n      r: { type: python, code_file: r.py }\n';
    await files({ 'dataiku.yaml': yaml, 'r.py': 'print(1)\n' });
    const first = await loadConfiguration(undefined, { cwd: directory, env: {} });
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadConfiguration(undefined, { cwd: directory, env: {} })).digest).toBe(first.digest);
    await files({ 'r.py': 'print(2)\n' });
    expect((await loadConfiguration(undefined, { cwd: directory, env: {} })).digest).not.toBe(first.digest);
  });

  it('loads every YAML file of a directory, in name order, skipping hidden and other files', async () => {
    await files({
      'dataiku/b.yml': 'version: 1\nprojects:\n  B: { name: Bee }\n',
      'dataiku/a.yaml': 'version: 1\nprojects:\n  A:\n    datasets:\n      d: { type: Filesystem }\n',
      'dataiku/c.yaml': 'version: 1\n',
      'dataiku/.draft.yaml': 'not: [valid',
      'dataiku/notes.txt': 'not YAML',
      'dataiku/nested/ignored.yaml': 'not: [valid',
    });
    const configuration = await loadConfiguration(undefined, { cwd: directory, env: {} });
    expect(configuration.source).toBe(join(directory, 'dataiku'));
    expect(configuration.files).toEqual([join(directory, 'dataiku/a.yaml'), join(directory, 'dataiku/b.yml'), join(directory, 'dataiku/c.yaml')]);
    expect(configuration.projectKeys).toEqual(['A', 'B']);
    expect(configuration.resources.map((resource) => `${resource.resourceId} ${resource.location.file}:${resource.location.line}`)).toEqual([
      'dataset.A.d dataiku/a.yaml:5',
      'project.A dataiku/a.yaml:3',
      'project.B dataiku/b.yml:3',
    ]);
  });

  it('finds dataiku.yaml or dataiku/ by default, and says when there is neither or both', async () => {
    expect((await loadError(undefined)).message).toBe(`dataiku.yaml: no configuration found: neither dataiku.yaml nor a dataiku/ directory exists in .`);
    await files({ 'dataiku.yaml': 'version: 1\n', 'dataiku/x.yaml': 'version: 1\n' });
    expect((await loadError(undefined)).message).toBe('dataiku.yaml: both dataiku.yaml and dataiku/ exist: say which one to load');
    expect((await loadConfiguration('dataiku.yaml', { cwd: directory, env: {} })).resources).toEqual([]);
    expect((await loadConfiguration('dataiku', { cwd: directory, env: {} })).resources).toEqual([]);
  });

  it('shows paths outside the working directory in full', async () => {
    await files({ 'elsewhere/dataiku.yaml': 'version: 2\n', 'work/.keep': '' });
    const error = await loadConfiguration('../elsewhere/dataiku.yaml', { cwd: join(directory, 'work'), env: {} }).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toBe(`${directory}/elsewhere/dataiku.yaml:1:10: version: unsupported configuration version 2 (expected 1)`);
  });

  it('accepts empty maps, anchors and aliases, numeric names and DSS-owned keys of any shape', async () => {
    await files({
      'dataiku.yaml': [
        'version: 1',
        'projects:',
        '  EMPTY:',
        '    datasets:',
        '    recipes:',
        '  P:',
        '    settings: { anything: [1, 2.5, true, null], __proto__: { polluted: true } }',
        '    datasets:',
        '      2024:',
        '        type: Filesystem',
        '        formatParams: &csv { separator: ";", style: excel }',
        '      other: { type: Filesystem, formatParams: *csv, partitioning: { dimensions: [{ name: day, type: time }] } }',
        '    recipes:',
        '      join_them: { type: join, inputs: ["2024", other, Q.shared], outputs: [P.out], payload: [{ a: 1 }] }',
        '',
      ].join('\n'),
    });
    const configuration = await loadConfiguration(undefined, { cwd: directory, env: {} });
    const byId = new Map(configuration.resources.map((resource) => [resource.resourceId, resource]));
    expect(configuration.projectKeys).toEqual(['EMPTY', 'P']);
    expect(byId.get('dataset.P.2024')?.attributes.formatParams).toEqual({ separator: ';', style: 'excel' });
    expect(byId.get('dataset.P.other')?.attributes.formatParams).toEqual({ separator: ';', style: 'excel' });
    const settings = byId.get('project.P')?.attributes.settings as Record<string, unknown>;
    expect(Object.hasOwn(settings, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const recipe = byId.get('recipe.P.join_them');
    expect(recipe?.attributes.inputs).toEqual({ main: { items: [{ ref: '2024', deps: [] }, { ref: 'other', deps: [] }, { ref: 'Q.shared', deps: [] }] } });
    expect(recipe?.attributes.outputs).toEqual({ main: { items: [{ ref: 'out', appendMode: false }] } });
    expect(recipe?.attributes.payload).toEqual([{ a: 1 }]);
    expect(recipe?.dependsOn).toEqual(['dataset.P.2024', 'dataset.P.other', 'dataset.P.out', 'dataset.Q.shared', 'project.P']);
    expect(checkReferences(configuration, new Set(['dataset.Q.shared']))).toEqual([
      {
        file: 'dataiku.yaml',
        line: 14,
        column: 77,
        key: 'projects.P.recipes.join_them.outputs[0]',
        message: 'projects.P.recipes.join_them.outputs[0]: dataset "P.out" is neither in the configuration nor in DSS',
      },
    ]);
  });

  it('resolves secrets anywhere in declared values, visual payloads and role maps included, never in code', async () => {
    await files({
      'dataiku.yaml': [
        'version: 1',
        'projects:',
        '  P:',
        '    settings: { token: "${env:P_TOKEN}" }',
        '    recipes:',
        '      sql: { type: sql_query, payload: "SELECT \'${env:NOT_A_SECRET}\'" }',
        '      visual: { type: shaker, payload: { steps: [{ params: { key: "${env:STEP_KEY}" } }] }, inputs: { main: { items: [{ ref: x, token: "${env:P_TOKEN}" }] } } }',
        '',
      ].join('\n'),
    });
    const configuration = await loadConfiguration(undefined, { cwd: directory, env: { P_TOKEN: 't', STEP_KEY: 'k' } });
    expect(configuration.resources.map((resource) => [resource.resourceId, resource.secrets.map((secret) => `${secret.path.join('.')}=${secret.variable}:${secret.value}`)])).toEqual([
      ['project.P', ['settings.token=P_TOKEN:t']],
      ['recipe.P.sql', []],
      ['recipe.P.visual', ['payload.steps.0.params.key=STEP_KEY:k', 'inputs.main.items.0.token=P_TOKEN:t']],
    ]);
  });

  it('reports every issue, the first in the message', async () => {
    await files({
      'dataiku.yaml': 'version: 1\nprojects:\n  P:\n    tag: [a]\n    datasets:\n      d: { typ: Filesystem }\n',
      'other.yaml': 'version: 1\nprojects: { Q: { nme: q, tags: [a, 1] } }\n',
    });
    const error = await loadError('.');
    expect(error.message).toBe('dataiku.yaml:4:5: projects.P.tag: unknown key (did you mean "tags"?) (and 4 more)');
    expect(error.issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.message}`)).toEqual([
      'dataiku.yaml:4:5 projects.P.tag: unknown key (did you mean "tags"?)',
      'dataiku.yaml:6:7 projects.P.datasets.d: missing required key "type"',
      'dataiku.yaml:6:12 projects.P.datasets.d.typ: unknown key (did you mean "type"?)',
      'other.yaml:2:18 projects.Q.nme: unknown key (did you mean "name"?)',
      'other.yaml:2:36 projects.Q.tags[1]: must be a string',
    ]);
  });

  it('keeps code files inside the configuration directory, links included', async () => {
    await files({ 'outside.py': 'print("outside")\n', 'config/inside.py': 'print("inside")\n', 'config/folder/.keep': '' });
    await symlink(join(directory, 'outside.py'), join(directory, 'config/link.py'));
    await symlink(join(directory, 'config/inside.py'), join(directory, 'config/good-link.py'));
    await symlink(directory, join(directory, 'config/up'));
    const recipe = (codeFile: string): string => `version: 1\nprojects:\n  P:\n    recipes:\n      r: { type: python, code_file: ${codeFile} }\n`;
    const cases: [string, string][] = [
      ['link.py', '"link.py" is outside the configuration directory "config"'],
      ['up/outside.py', '"up/outside.py" is outside the configuration directory "config"'],
      ['folder', 'config/folder is a directory, not a code file'],
      ['inside.py/x.py', 'file not found: config/inside.py/x.py'],
    ];
    for (const [codeFile, problem] of cases) {
      await files({ 'config/dataiku.yaml': recipe(codeFile) });
      expect((await loadError('config')).message).toBe(`config/dataiku.yaml:5:37: projects.P.recipes.r.code_file: ${problem}`);
    }
    await files({ 'config/dataiku.yaml': recipe('good-link.py') });
    const configuration = await loadConfiguration('config/dataiku.yaml', { cwd: directory, env: {} });
    expect(configuration.resources.find((resource) => resource.resourceType === 'recipe')?.attributes.payload).toBe('print("inside")\n');
  });

  it('reports what it cannot read at all', async () => {
    await files({ 'dataiku.yaml/x': '' });
    expect((await loadError('dataiku.yaml')).message).toBe('dataiku.yaml: no *.yaml or *.yml file in this directory');
    expect((await loadError('/dev/null')).message).toBe('/dev/null: not a file or a directory');
  });
});
