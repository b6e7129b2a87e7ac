import { expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { referenceSites } from './declare-resources.js';
import { loadFilesHere } from './load-files.js';
import { deserializeFiles, type SerializedFiles, serializeFiles } from './serialized-declarations.js';

it('carries secret values and reference sites through JSON (a worker message)', () => {
  const brief = fileURLToPath(new URL('./__fixtures__/good/brief/', import.meta.url));
  const loaded = loadFilesHere([`${brief}dataiku.yaml`], { cwd: brief, root: brief, env: { PG_PASSWORD: 'hunter2' } });
  const copy = deserializeFiles(JSON.parse(JSON.stringify(serializeFiles(loaded))) as SerializedFiles);
  const resources = copy.declarations[0]?.resources ?? [];
  expect(resources.map((resource) => resource.resourceId)).toEqual(loaded.declarations[0]?.resources.map((resource) => resource.resourceId));
  const dataset = resources.find((resource) => resource.resourceId === 'dataset.CUSTOMER_ANALYTICS.customers');
  expect(dataset?.secrets.map((secret) => [secret.path, secret.variable, secret.value])).toEqual([[['params', 'password'], 'PG_PASSWORD', 'hunter2']]);
  expect(JSON.stringify(dataset)).not.toContain('hunter2');
  const recipe = resources.find((resource) => resource.resourceType === 'recipe');
  expect(referenceSites.get(recipe as never)?.map((site) => `${site.key} ${site.location.line}:${site.location.column}`)).toEqual([
    'projects.CUSTOMER_ANALYTICS.recipes.clean_customers.inputs[0] 11:50',
    'projects.CUSTOMER_ANALYTICS.recipes.clean_customers.outputs[0] 11:72',
  ]);
  expect(copy.codeFiles).toEqual([[`${brief}recipes/clean_customers.py`, expect.stringMatching(/^[0-9a-f]{64}$/)]]);
  expect(copy.yamlFiles).toEqual(loaded.yamlFiles);
});
