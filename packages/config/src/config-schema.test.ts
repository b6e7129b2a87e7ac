import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_KEY_PATTERN, RESOURCE_NAME_PATTERN } from '@dataiku-iac/models';
import { DssClient } from '@dataiku-iac/dss-client';
import { DssEmulator } from '@dataiku-iac/dss-emulator';
import { mswHandlers } from '@dataiku-iac/dss-emulator/msw';
import { DatasetSync } from '@dataiku-iac/sync-dataset';
import { ProjectSync } from '@dataiku-iac/sync-project';
import { RecipeSync } from '@dataiku-iac/sync-recipe';
import { configSchema } from './config-schema.js';
import { validate } from './generated/config-schema-validator.js';

interface Schema {
  properties: Record<string, { propertyNames?: { pattern: string } }>;
  definitions: Record<string, { properties: Record<string, { propertyNames?: { pattern: string } }> }>;
}
const schema = configSchema as unknown as Schema;

describe('the configuration schema', () => {
  it('is draft-07, exported as an object and as the published file', () => {
    expect(configSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8'))).toEqual(configSchema);
  });

  it('names projects, datasets and recipes by the rules of resource ids', () => {
    expect(schema.properties.projects?.propertyNames?.pattern).toBe(PROJECT_KEY_PATTERN.source);
    expect(schema.definitions.project?.properties.datasets?.propertyNames?.pattern).toBe(RESOURCE_NAME_PATTERN.source);
    expect(schema.definitions.project?.properties.recipes?.propertyNames?.pattern).toBe(RESOURCE_NAME_PATTERN.source);
  });

  it('compiled ahead of time, gives the verdicts of the schema compiled at run time', () => {
    const reference = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(configSchema);
    const documents: unknown[] = [
      { version: 1 },
      { version: 1, projects: null },
      { version: 1, projects: { P: { datasets: { d: { type: 'Filesystem', params: { anything: [1] } } }, recipes: { r: { type: 'python', inputs: ['d'], code_file: 'r.py' } } } } },
      { version: 1, projects: { P: { recipes: { r: { type: 'join', inputs: { main: { items: [] } }, payload: [1] } } } } },
      { version: 2 },
      { version: 1, projects: { 'bad key': {} } },
      { version: 1, projects: { P: { datasets: { d: {} } } } },
      { version: 1, projects: { P: { tags: 'a' } } },
      { version: 1, extra: true },
      [],
      null,
    ];
    for (const document of documents) expect(validate(document)).toBe(reference(document));
    expect(documents.filter((document) => validate(document))).toHaveLength(4);
  });
});

describe('the keys of the configuration are the attributes of the state', () => {
  const emulator = new DssEmulator({ seed: 'demo' });
  const server = setupServer(...mswHandlers(emulator));
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => {
    server.close();
  });

  it('for projects, datasets and recipes (the map keys give the identity; code_file stands for payload)', async () => {
    const client = new DssClient({ host: 'http://dss.test', apiKey: emulator.apiKey, env: {} });
    const project = await new ProjectSync({ client }).fetch('project.CUSTOMER_ANALYTICS');
    const dataset = await new DatasetSync({ client }).fetch('dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS');
    const recipe = await new RecipeSync({ client }).fetch('recipe.CUSTOMER_ANALYTICS.compute_customers_prepared');
    const keys = (definition: string): string[] => Object.keys(schema.definitions[definition]?.properties ?? {}).sort();
    expect(keys('project')).toEqual([...Object.keys(project.attributes).filter((key) => key !== 'projectKey'), 'datasets', 'recipes'].sort());
    expect(keys('dataset')).toEqual(Object.keys(dataset.attributes).filter((key) => key !== 'name').sort());
    expect(keys('recipe')).toEqual([...Object.keys(recipe.attributes).filter((key) => key !== 'name'), 'code_file'].sort());
  });
});
