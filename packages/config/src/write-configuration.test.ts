import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasErrorCode, type JsonObject, type JsonValue, Resource } from '@dataiku-iac/models';
import { DssClient } from '@dataiku-iac/dss-client';
import { DssEmulator, type EmulatorSeed, generateSyntheticInstance } from '@dataiku-iac/dss-emulator';
import { mswHandlers } from '@dataiku-iac/dss-emulator/msw';
import { DatasetSync } from '@dataiku-iac/sync-dataset';
import { isRedactionMarker, ProjectSync } from '@dataiku-iac/sync-project';
import { RecipeSync } from '@dataiku-iac/sync-recipe';
import { type Configuration, ConfigError, DEFAULT_SCHEMA_URL, loadConfiguration, writeConfiguration } from './index.js';
import { parseSimpleYaml } from './simple-yaml.js';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-config-write-'));
  return async () => rm(directory, { recursive: true, force: true });
});

/** Every project of an emulated DSS, synced as the state records it: project, datasets, recipes. */
async function syncedProjects(seed: EmulatorSeed): Promise<Resource[][]> {
  const emulator = new DssEmulator({ seed });
  server.use(...mswHandlers(emulator));
  const client = new DssClient({ host: 'http://dss.test', apiKey: emulator.apiKey, env: {} });
  const options = { client, now: () => '2026-11-22T10:00:00.000+00:00' };
  const projects = await new ProjectSync(options).listAll();
  return Promise.all(
    projects.map(async (project) => [project, ...(await new DatasetSync(options).listAll(project.projectKey)), ...(await new RecipeSync(options).listAll(project.projectKey))]),
  );
}

/**
 * The planner's comparison, written out again here: objects key by key (declared keys only), lists
 * whole, top-level tags as a set; where the configuration has a secret, the state has a marker.
 */
function expectDeclaredEqual(declared: JsonValue, actual: JsonValue | undefined, secrets: ReadonlySet<string>, path: (string | number)[] = []): void {
  const where = path.join('.');
  if (secrets.has(where)) {
    expect(isRedactionMarker(actual), where).toBe(true);
    expect(declared, where).toMatch(/^\$\{env:DSS_[A-Z0-9_]+\}$/);
  } else if (path.length === 1 && path[0] === 'tags') {
    expect(new Set(declared as string[]), where).toEqual(new Set(actual as string[]));
  } else if (Array.isArray(declared)) {
    expect(Array.isArray(actual) && actual.length, where).toBe(declared.length);
    declared.forEach((item: JsonValue, index) => {
      expectDeclaredEqual(item, (actual as JsonValue[])[index], secrets, [...path, index]);
    });
  } else if (typeof declared === 'object' && declared !== null) {
    expect(typeof actual === 'object' && actual !== null && !Array.isArray(actual), where).toBe(true);
    for (const [key, value] of Object.entries(declared)) expectDeclaredEqual(value, (actual as JsonObject)[key], secrets, [...path, key]);
  } else {
    expect(declared, where).toStrictEqual(actual);
  }
}

/** Write every project, load the directory back, and check it against the state. */
async function roundTrip(projects: readonly Resource[][]): Promise<Configuration> {
  const env: Record<string, string> = {};
  for (const resources of projects) {
    const written = await writeConfiguration({ resources }, directory, { overwrite: true });
    for (const secret of written.secrets) env[secret.variable] = `value of ${secret.variable}`;
  }
  const configuration = await loadConfiguration(directory, { cwd: directory, env });
  const state = projects.flat();
  expect(configuration.resources.map((resource) => resource.resourceId)).toEqual(state.map((resource) => resource.resourceId).sort());
  for (const resource of state) {
    const desired = configuration.resources.find((candidate) => candidate.resourceId === resource.resourceId);
    expect(desired, resource.resourceId).toBeDefined();
    const secrets = new Set(desired?.secrets.map((secret) => secret.path.join('.')));
    expectDeclaredEqual(desired?.attributes ?? null, resource.attributes, secrets);
    for (const secret of desired?.secrets ?? []) expect(secret.value).toBe(`value of ${secret.variable}`);
  }
  return configuration;
}

async function filesUnder(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('writeConfiguration round trip (write → load → compare with the state)', () => {
  it('the demo instance: every declared attribute equals the state, secrets as references', async () => {
    const projects = await syncedProjects('demo');
    const configuration = await roundTrip(projects);
    expect(configuration.projectKeys).toEqual(['CUSTOMER_ANALYTICS', 'SALES_REPORTING', 'sandbox_lab']);
    const crm = configuration.resources.find((resource) => resource.resourceId === 'dataset.CUSTOMER_ANALYTICS.crm_contacts_api');
    expect(crm?.secrets.map((secret) => [secret.path.join('.'), secret.variable])).toEqual([
      ['params.customConfig.apiKey', 'DSS_CUSTOMER_ANALYTICS_CRM_CONTACTS_API_APIKEY'],
      ['params.customConfig.password', 'DSS_CUSTOMER_ANALYTICS_CRM_CONTACTS_API_PASSWORD'],
    ]);
    const recipe = configuration.resources.find((resource) => resource.resourceId === 'recipe.SALES_REPORTING.compute_sales_by_segment');
    expect(recipe?.dependsOn).toEqual([
      'dataset.CUSTOMER_ANALYTICS.customers_prepared',
      'dataset.SALES_REPORTING.orders_clean',
      'dataset.SALES_REPORTING.sales_by_segment',
      'project.SALES_REPORTING',
    ]);
  });

  it('the demo instance: readable files without bookkeeping, defaults or secrets', async () => {
    const [customerAnalytics] = await syncedProjects('demo');
    const written = await writeConfiguration({ resources: customerAnalytics as Resource[] }, directory);
    expect(written.files).toEqual([
      join(directory, 'CUSTOMER_ANALYTICS.yaml'),
      join(directory, 'recipes/CUSTOMER_ANALYTICS/compute_customers_prepared.py'),
      join(directory, 'recipes/CUSTOMER_ANALYTICS/sql_top_customers.sql'),
    ]);
    const yaml = await readFile(written.files[0] as string, 'utf8');
    expect(yaml.split('\n')[0]).toBe(`# yaml-language-server: $schema=${DEFAULT_SCHEMA_URL}`);
    for (const absent of ['versionTag', 'creationTag', 'lastModified', 'redacted:', 'demo-Passw0rd', 'demo-crm-api-key', 'projectKey:', 'ignoreNonMatchingFile', 'payload: import']) {
      expect(yaml).not.toContain(absent);
    }
    expect(yaml).toContain('      crm_contacts_api:\n        type: CustomPython_rest-connector_rest-dataset\n        managed: false\n');
    expect(yaml).toContain('            password: ${env:DSS_CUSTOMER_ANALYTICS_CRM_CONTACTS_API_PASSWORD}\n');
    expect(yaml).toContain('            - {name: email, type: string, maxLength: 320, meaning: Email}\n');
    expect(yaml).toContain(
      '      compute_customers_prepared:\n        type: python\n        inputs: [RAW_CUSTOMERS]\n        outputs: [customers_prepared]\n' +
        '        code_file: recipes/CUSTOMER_ANALYTICS/compute_customers_prepared.py\n',
    );
    const code = customerAnalytics?.find((resource) => resource.resourceId === 'recipe.CUSTOMER_ANALYTICS.compute_customers_prepared');
    expect(await readFile(written.files[1] as string, 'utf8')).toBe(code?.attributes.payload);
    expect(written.secrets).toEqual([
      { variable: 'DSS_CUSTOMER_ANALYTICS_CRM_CONTACTS_API_APIKEY', resourceId: 'dataset.CUSTOMER_ANALYTICS.crm_contacts_api', path: 'params.customConfig.apiKey' },
      { variable: 'DSS_CUSTOMER_ANALYTICS_CRM_CONTACTS_API_PASSWORD', resourceId: 'dataset.CUSTOMER_ANALYTICS.crm_contacts_api', path: 'params.customConfig.password' },
    ]);
  });

  it.each([1, 2])('a synthetic instance (seed %i)', async (seed) => {
    const projects = await syncedProjects(generateSyntheticInstance({ projects: 3, datasetsPerProject: 16, recipesPerProject: 8, seed }));
    const configuration = await roundTrip(projects);
    expect(configuration.resources).toHaveLength(3 * (1 + 16 + 8));
    const files = [...(await filesUnder(directory)).entries()].filter(([path]) => path.endsWith('.yaml'));
    // Filesystem datasets: DSS's own additions are left out.
    expect(files.map(([, text]) => text).join('\n')).not.toContain('filesSelectionRules');
    // Read back by the fastest reader: no value over several lines.
    for (const [path, text] of files) expect({ path, read: parseSimpleYaml(text, path) !== undefined }).toEqual({ path, read: true });
  });
});

describe('writeConfiguration', () => {
  const project = (attributes: JsonObject = {}): Resource =>
    new Resource({ resourceId: 'project.P', attributes: { projectKey: 'P', name: 'P', description: '', shortDesc: '', tags: [], checklists: { checklists: [] }, settings: {}, ...attributes } });
  const dataset = (name: string, attributes: JsonObject): Resource => new Resource({ resourceId: `dataset.P.${name}`, attributes: { name, type: 'Filesystem', managed: true, ...attributes } });
  const recipe = (name: string, attributes: JsonObject): Resource => new Resource({ resourceId: `recipe.P.${name}`, attributes: { name, inputs: {}, outputs: {}, params: {}, tags: [], ...attributes } });
  const marker = (character: string): string => `redacted:hmac-sha256:${character.repeat(32)}`;

  it('leaves out what only repeats DSS defaults, keeps everything else', async () => {
    const resources = [
      project(),
      dataset('files', {
        params: { connection: 'fs', path: 'x', notReadyIfEmpty: false, filesSelectionRules: { mode: 'ALL', includeRules: [], excludeRules: [], explicitFiles: [] } },
        partitioning: { ignoreNonMatchingFile: false, dimensions: [] },
        schema: { columns: [], userModified: false },
        formatType: '',
        formatParams: {},
        tags: [],
        description: '',
      }),
      dataset('strict', { params: { notReadyIfEmpty: true, filesSelectionRules: { mode: 'EXPLICIT' } }, partitioning: { ignoreNonMatchingFile: true, dimensions: [] } }),
      dataset('bare', { params: { notReadyIfEmpty: false, filesSelectionRules: { mode: 'ALL', includeRules: [], excludeRules: [], explicitFiles: [] } } }),
      dataset('table', { type: 'PostgreSQL', params: { connection: 'pg', notReadyIfEmpty: false } }),
      recipe('shell_step', { type: 'shell', payload: 'echo hello\n' }),
      recipe('custom', { type: 'CustomCode_x', payload: 'not json' }),
    ];
    const written = await writeConfiguration({ resources }, directory);
    expect(await readFile(join(directory, 'P.yaml'), 'utf8')).toBe(
      [
        `# yaml-language-server: $schema=${DEFAULT_SCHEMA_URL}`,
        '',
        'version: 1',
        'projects:',
        '  P:',
        '    name: P',
        '    datasets:',
        '      bare:',
        '        type: Filesystem',
        '        managed: true',
        '      files:',
        '        type: Filesystem',
        '        managed: true',
        '        params:',
        '          connection: fs',
        '          path: x',
        '      strict:',
        '        type: Filesystem',
        '        managed: true',
        '        params:',
        '          notReadyIfEmpty: true',
        '          filesSelectionRules:',
        '            mode: EXPLICIT',
        '        partitioning:',
        '          ignoreNonMatchingFile: true',
        '          dimensions: []',
        '      table:',
        '        type: PostgreSQL',
        '        managed: true',
        '        params:',
        '          connection: pg',
        '          notReadyIfEmpty: false',
        '    recipes:',
        '      custom:',
        '        type: CustomCode_x',
        '        payload: not json',
        '      shell_step:',
        '        type: shell',
        '        code_file: recipes/P/shell_step.sh',
        '',
      ].join('\n'),
    );
    expect(written.files).toEqual([join(directory, 'P.yaml'), join(directory, 'recipes/P/shell_step.sh')]);
    await roundTrip([resources]);
  });

  it('writes role maps that are not plain lists as they are', async () => {
    const inputs = { main: { items: [{ ref: 'a', deps: [{ mode: 'LATEST' }] }] }, model: { items: [{ ref: 'm1', deps: [] }] } };
    const resources = [project(), dataset('a', {}), recipe('score', { type: 'prediction_scoring', inputs, outputs: { main: { items: [{ ref: 'OTHER.b', appendMode: true }] } } })];
    const configuration = await roundTrip([resources]);
    expect(configuration.resources.find((resource) => resource.resourceId === 'recipe.P.score')?.dependsOn).toEqual(['dataset.OTHER.b', 'dataset.P.a', 'dataset.P.m1', 'project.P']);
  });

  it('names secret variables after where they are, distinct within a project', async () => {
    const resources = [
      project({ settings: { token: marker('a') } }),
      dataset('conf', {
        params: {
          properties: [
            { name: 'spark.hadoop.fs.s3a.secret.key', value: marker('b') },
            { key: 'db.password', value: marker('c') },
            { value: marker('d') },
          ],
          keys: [marker('e'), marker('f')],
          password: marker('0'),
          nested: { password: marker('1') },
        },
      }),
    ];
    const written = await writeConfiguration({ resources }, directory);
    await roundTrip([resources]);
    expect(written.secrets.map((secret) => `${secret.variable} ${secret.resourceId} ${secret.path}`)).toEqual([
      'DSS_P_CONF_DB_PASSWORD dataset.P.conf params.properties[1].value',
      'DSS_P_CONF_KEYS_0 dataset.P.conf params.keys[0]',
      'DSS_P_CONF_KEYS_1 dataset.P.conf params.keys[1]',
      'DSS_P_CONF_PASSWORD dataset.P.conf params.password',
      'DSS_P_CONF_PASSWORD_2 dataset.P.conf params.nested.password',
      'DSS_P_CONF_SPARK_HADOOP_FS_S3A_SECRET_KEY dataset.P.conf params.properties[0].value',
      'DSS_P_CONF_VALUE dataset.P.conf params.properties[2].value',
      'DSS_P_TOKEN project.P settings.token',
    ]);
    const text = await readFile(join(directory, 'P.yaml'), 'utf8');
    expect(text).not.toContain('redacted:');
  });

  it('writes names that are also JavaScript property names as data', async () => {
    const resources = [project(), dataset('__proto__', { tags: ['odd'] }), dataset('constructor', {}), recipe('toString', { type: 'python', inputs: { main: { items: [{ ref: '__proto__', deps: [] }] } }, payload: 'x' })];
    const configuration = await roundTrip([resources]);
    expect(configuration.resources.map((resource) => resource.resourceId)).toEqual(['dataset.P.__proto__', 'dataset.P.constructor', 'project.P', 'recipe.P.toString']);
    expect(({} as Record<string, unknown>).tags).toBeUndefined();
  });

  it('refuses to replace files unless told to, and then writes nothing', async () => {
    const resources = [project(), recipe('run', { type: 'python', payload: 'print(1)\n' })];
    await mkdir(join(directory, 'recipes/P'), { recursive: true });
    await writeFile(join(directory, 'recipes/P/run.py'), 'mine\n');
    const error = await failure(writeConfiguration({ resources }, directory));
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true);
    expect(error.message).toBe(`${join(directory, 'recipes/P/run.py')}: already exists (pass overwrite to replace it)`);
    expect([...(await filesUnder(directory)).keys()]).toEqual([join(directory, 'recipes/P/run.py')]);
    await writeConfiguration({ resources }, directory, { overwrite: true, schemaUrl: './config.schema.json' });
    expect(await readFile(join(directory, 'recipes/P/run.py'), 'utf8')).toBe('print(1)\n');
    expect(await readFile(join(directory, 'P.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/config\.schema\.json\n/);
  });

  it('reports a file it cannot write, leaving no temporary file', async () => {
    await writeFile(join(directory, 'recipes'), 'a file where a directory should be');
    const error = await failure(writeConfiguration({ resources: [project(), recipe('run', { type: 'python', payload: 'x' })] }, directory));
    expect(hasErrorCode(error, 'CONFIG_INVALID')).toBe(true);
    expect(error.message).toMatch(new RegExp(`^${join(directory, 'recipes/P/run.py')}: cannot write: (ENOTDIR|EEXIST)$`));
    expect([...(await filesUnder(directory)).keys()]).toEqual([join(directory, 'recipes')]);
  });

  it('refuses values that would not load back as they are, writing nothing', async () => {
    const cases = [
      ['${env:HOME}', 'P.yaml:12:16: projects.P.datasets.d.params.url: the value in the state would not load back unchanged (nothing written)'],
      [
        'x ${env:HOME}',
        'P.yaml:12:16: projects.P.datasets.d.params.url: a secret reference must be the whole value: "${env:NAME}" (in the file as it would be written; nothing written)',
      ],
    ];
    for (const [value, message] of cases) {
      const error = await failure(writeConfiguration({ resources: [project(), dataset('d', { params: { url: value as string } })] }, directory));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
    expect(await readdir(directory)).toEqual([]);
  });

  it('writes only one project\'s projects, datasets and recipes', async () => {
    const cases: [Resource[], string][] = [
      [[], 'writeConfiguration needs the resources of one project, got none'],
      [[project(), new Resource({ resourceId: 'dataset.Q.d', attributes: { type: 'Filesystem' } })], 'writeConfiguration writes one project at a time: dataset.Q.d is not in project P'],
      [[new Resource({ resourceId: 'scenario.P.s', attributes: {} })], 'writeConfiguration writes projects, datasets and recipes, not scenario.P.s'],
      [[dataset('d', { flowOptions: {} })], 'cannot write dataset.P.d: the configuration has no "flowOptions" key'],
    ];
    for (const [resources, message] of cases) {
      const error = await failure(writeConfiguration({ resources }, directory));
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
      expect(error.message).toBe(message);
    }
  });
});
