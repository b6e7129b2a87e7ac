import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkReferences, ConfigError, loadConfiguration } from './index.js';

const BAD = fileURLToPath(new URL('./__fixtures__/bad/', import.meta.url));
const ENV = { PG_PASSWORD: 'hunter2' };

async function loadError(path: string): Promise<ConfigError> {
  try {
    await loadConfiguration(path, { cwd: BAD, env: ENV });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${path} loaded without error`);
}

/** Each bad configuration under src/__fixtures__/bad/ and the one issue it must produce. */
const CORPUS: readonly (readonly [string, string])[] = [
  ['syntax-error.yaml', 'syntax-error.yaml:6:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }'],
  ['two-documents.yaml', 'two-documents.yaml:2:1: invalid YAML: a configuration file holds one YAML document (a second one starts here)'],
  ['unknown-tag.yaml', 'unknown-tag.yaml:4:11: invalid YAML: Unresolved tag: !Ref'],
  ['duplicate-key.yaml', 'duplicate-key.yaml:7:7: projects.SALES.datasets.orders: duplicate key (first declared on line 5)'],
  ['duplicate-key-in-params.yaml', 'duplicate-key-in-params.yaml:10:11: projects.SALES.datasets.orders.params.connection: duplicate key (first declared on line 8)'],
  ['unknown-key-typo.yaml', 'unknown-key-typo.yaml:8:9: projects.SALES.datasets.orders.formatParms: unknown key (did you mean "formatParams"?)'],
  ['unknown-key-project.yaml', 'unknown-key-project.yaml:5:5: projects.SALES.tag: unknown key (did you mean "tags"?)'],
  ['unknown-key-root.yaml', 'unknown-key-root.yaml:2:1: project: unknown key (did you mean "projects"?)'],
  ['unknown-key-recipe.yaml', 'unknown-key-recipe.yaml:5:39: projects.SALES.recipes.compute_orders.codefile: unknown key (did you mean "code_file"?)'],
  [
    'unknown-key-no-suggestion.yaml',
    'unknown-key-no-suggestion.yaml:5:35: projects.SALES.datasets.orders.colour: unknown key (expected one of: type, managed, params, schema, formatType, formatParams, partitioning, tags, description, shortDesc)',
  ],
  ['identity-key.yaml', 'identity-key.yaml:6:9: projects.SALES.datasets.orders.name: unknown key (the dataset name is its key under "datasets")'],
  ['merge-key.yaml', 'merge-key.yaml:11:11: projects.SALES.datasets.customers.params["<<"]: merge keys (<<) are not supported: repeat the keys, or alias the whole value'],
  ['wrong-type-tags.yaml', 'wrong-type-tags.yaml:5:11: projects.SALES.tags: must be a list'],
  ['wrong-type-managed.yaml', 'wrong-type-managed.yaml:5:44: projects.SALES.datasets.orders.managed: must be true or false'],
  ['wrong-type-params.yaml', 'wrong-type-params.yaml:7:17: projects.SALES.datasets.orders.params: must be a map'],
  ['null-project.yaml', 'null-project.yaml:3:3: projects.SALES: must be a map'],
  ['not-a-map.yaml', 'not-a-map.yaml:1:1: (root): must be a map'],
  ['infinite-number.yaml', 'infinite-number.yaml:7:50: projects.SALES.datasets.orders.formatParams.probableNumberOfRecords: must be a finite number (.inf and .nan are not JSON)'],
  ['missing-type.yaml', 'missing-type.yaml:5:7: projects.SALES.datasets.orders: missing required key "type"'],
  ['missing-version.yaml', 'missing-version.yaml:1:1: (root): missing required key "version"'],
  ['version-2.yaml', 'version-2.yaml:1:10: version: unsupported configuration version 2 (expected 1)'],
  ['empty-file.yaml', 'empty-file.yaml:1:1: the file is empty (expected "version: 1" and "projects")'],
  ['bad-name-dot.yaml', 'bad-name-dot.yaml:5:7: projects.SALES.datasets["has.dot"]: invalid dataset name (letters, digits, "_" and "-" only)'],
  ['bad-project-key.yaml', 'bad-project-key.yaml:3:3: projects["bad key!"]: invalid project key (letters, digits and "_" only)'],
  [
    'bad-reference.yaml',
    `bad-reference.yaml:7:56: projects.SALES.recipes.compute_orders.inputs[1]: invalid dataset reference "OTHER.raw.orders" (expected NAME, or PROJECT_KEY.NAME for another project's dataset)`,
  ],
  ['missing-code-file.yaml', 'missing-code-file.yaml:5:50: projects.SALES.recipes.compute_orders.code_file: file not found: recipes/compute_orders.py'],
  [
    'code-file-escape.yaml',
    'code-file-escape.yaml:5:50: projects.SALES.recipes.compute_orders.code_file: "../good/brief/recipes/clean_customers.py" is outside the configuration directory "."',
  ],
  ['code-file-absolute.yaml', 'code-file-absolute.yaml:5:50: projects.SALES.recipes.compute_orders.code_file: must be a path relative to this YAML file'],
  ['code-file-visual.yaml', 'code-file-visual.yaml:7:9: projects.SALES.recipes.group_orders.code_file: only code recipes take a code_file; put the settings of a grouping recipe in "payload"'],
  ['code-file-and-payload.yaml', 'code-file-and-payload.yaml:8:9: projects.SALES.recipes.compute_orders.code_file: declare either payload or code_file, not both'],
  ['code-payload-not-string.yaml', 'code-payload-not-string.yaml:7:18: projects.SALES.recipes.compute_orders.payload: must be a string (the code of a python recipe), or use code_file'],
  ['env-unset.yaml', 'env-unset.yaml:7:61: projects.SALES.datasets.orders.params.password: environment variable CONFIG_TEST_UNSET_PASSWORD is not set'],
  [
    'env-malformed.yaml',
    'env-malformed.yaml:9:21: projects.SALES.datasets.orders.params.password: malformed secret reference (expected ${env:NAME}, NAME made of letters, digits and "_", not starting with a digit)',
  ],
  ['env-partial.yaml', 'env-partial.yaml:9:16: projects.SALES.datasets.orders.params.url: a secret reference must be the whole value: "${env:NAME}"'],
  ['unknown-anchor.yaml', 'unknown-anchor.yaml:5:43: projects.SALES.datasets.orders.params: unknown anchor *shared (anchors must be defined before their aliases)'],
  ['same-project-two-files', 'same-project-two-files/b.yaml:5:3: projects.SALES: project SALES is already declared in same-project-two-files/a.yaml:3:3'],
  ['empty-directory', 'empty-directory: no *.yaml or *.yml file in this directory'],
  ['does-not-exist.yaml', 'does-not-exist.yaml: no such file or directory'],
];

describe('bad configurations', () => {
  it.each(CORPUS)('%s', async (path, expected) => {
    const error = await loadError(path);
    expect(error.message).toBe(expected);
    expect(error.issues).toHaveLength(1);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.name).toBe('ConfigError');
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(ENV.PG_PASSWORD);
  });

  it('gives every issue its key', async () => {
    const error = await loadError('unknown-key-typo.yaml');
    expect(error.issues[0]).toEqual({
      file: 'unknown-key-typo.yaml',
      line: 8,
      column: 9,
      key: 'projects.SALES.datasets.orders.formatParms',
      message: 'projects.SALES.datasets.orders.formatParms: unknown key (did you mean "formatParams"?)',
    });
  });
});

describe('bad references, found against DSS', () => {
  it('an unknown recipe input, with a did-you-mean in its project', async () => {
    const configuration = await loadConfiguration('unknown-input.yaml', { cwd: BAD, env: ENV });
    expect(checkReferences(configuration, new Set(['dataset.CRM.customer', 'project.CRM']))).toEqual([
      {
        file: 'unknown-input.yaml',
        line: 8,
        column: 46,
        key: 'projects.SALES.recipes.clean_orders.inputs[0]',
        message: 'projects.SALES.recipes.clean_orders.inputs[0]: dataset "order" is neither in the configuration nor in DSS (did you mean "orders"?)',
      },
      {
        file: 'unknown-input.yaml',
        line: 9,
        column: 57,
        key: 'projects.SALES.recipes.join_orders.inputs[1]',
        message: 'projects.SALES.recipes.join_orders.inputs[1]: dataset "CRM.customers" is neither in the configuration nor in DSS (did you mean "CRM.customer"?)',
      },
    ]);
    expect(checkReferences(configuration, new Set(['dataset.CRM.customers', 'dataset.SALES.order']))).toEqual([]);
  });

  it('dependency cycles, each named from its first recipe', async () => {
    const configuration = await loadConfiguration('cycle.yaml', { cwd: BAD, env: ENV });
    expect(checkReferences(configuration, new Set())).toEqual([
      {
        file: 'cycle.yaml',
        line: 9,
        column: 7,
        key: 'projects.P.recipes.a',
        message: 'projects.P.recipes.a: dependency cycle recipe.P.a → dataset.P.x → recipe.P.b → dataset.P.y → recipe.P.a',
      },
      { file: 'cycle.yaml', line: 11, column: 7, key: 'projects.P.recipes.c', message: 'projects.P.recipes.c: dependency cycle recipe.P.c → dataset.P.z → recipe.P.c' },
    ]);
  });
});
