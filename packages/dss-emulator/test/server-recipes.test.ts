import { describe, expect, it } from 'vitest';
import { demoInstance } from '../src/fixtures/demo-instance.js';
import { envelope, ILLEGAL_ARGUMENT, JAVA_ILLEGAL_ARGUMENT, NOT_FOUND, NOW, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

type Item = Record<string, unknown>;
interface Wrapper {
  recipe: Item;
  payload?: string;
}
const CA = '/projects/CUSTOMER_ANALYTICS';

async function getRecipe(path: string): Promise<Wrapper> {
  const response = await call('GET', path);
  expect(response.status).toBe(200);
  return response.json as Wrapper;
}

describe('GET /projects/{k}/recipes/', () => {
  it('lists the recipe definitions, without their payloads', async () => {
    const response = await call('GET', `${CA}/recipes/`);
    expect(response.status).toBe(200);
    const items = response.json as Item[];
    expect(items.map((item) => item.name)).toEqual(['compute_customers_prepared', 'group_customers_by_country', 'sql_top_customers']);
    expect(items).toEqual(demoInstance().projects[0]?.recipes?.map((document) => document.recipe));
    for (const item of items) expect(item).not.toHaveProperty('payload');
  });

  it('lists nothing for a project without recipes', async () => {
    expect((await call('GET', '/projects/sandbox_lab/recipes/')).json).toEqual([]);
  });
});

describe('GET /projects/{k}/recipes/{r}', () => {
  it('returns the {recipe, payload} wrapper', async () => {
    const expected = demoInstance().projects[0]?.recipes?.[0];
    const wrapper = await getRecipe(`${CA}/recipes/compute_customers_prepared`);
    expect(Object.keys(wrapper).sort()).toEqual(['payload', 'recipe']);
    expect(wrapper).toEqual(expected);
    expect(wrapper.payload).toContain('import dataiku');
  });

  it('returns a JSON-encoded string payload for visual recipes', async () => {
    const wrapper = await getRecipe('/projects/SALES_REPORTING/recipes/prepare_orders');
    expect(wrapper.recipe.type).toBe('shaker');
    expect(typeof wrapper.payload).toBe('string');
    const payload = JSON.parse(wrapper.payload as string) as { steps: { type: string }[] };
    expect(payload.steps.map((step) => step.type)).toEqual(['ColumnRenamer', 'DateParser', 'FilterOnValue']);
  });

  it('answers an unknown recipe with 404 NotFoundException', async () => {
    const response = await call('GET', `${CA}/recipes/nope`);
    expect(response.status).toBe(404);
    expect(response.json).toEqual({
      errorType: NOT_FOUND,
      message: 'Recipe CUSTOMER_ANALYTICS.nope does not exist',
      detailedMessage: 'Recipe CUSTOMER_ANALYTICS.nope does not exist',
    });
  });
});

describe('POST /projects/{k}/recipes/', () => {
  const script = 'import dataiku\n# compute\n';
  const body = {
    recipePrototype: {
      type: 'python',
      name: 'compute_orders',
      projectKey: 'CUSTOMER_ANALYTICS',
      inputs: { main: { items: [{ ref: 'RAW_CUSTOMERS' }] } },
      outputs: { main: { items: [{ ref: 'top_customers', appendMode: false }] } },
    },
    creationSettings: { script },
  };

  it('creates a code recipe whose payload is creationSettings.script and answers {name}', async () => {
    const stale = { versionNumber: 9, lastModifiedBy: { login: 'x' }, lastModifiedOn: 1 };
    const prototype = { ...body.recipePrototype, creationTag: stale, versionTag: stale };
    const response = await call('POST', `${CA}/recipes/`, { body: { ...body, recipePrototype: prototype } });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ name: 'compute_orders' });
    const wrapper = await getRecipe(`${CA}/recipes/compute_orders`);
    expect(wrapper.payload).toBe(script);
    expect(wrapper.recipe).toEqual({
      projectKey: 'CUSTOMER_ANALYTICS',
      name: 'compute_orders',
      type: 'python',
      params: { envSelection: { envMode: 'INHERIT' } },
      inputs: { main: { items: [{ ref: 'RAW_CUSTOMERS', deps: [] }] } },
      outputs: { main: { items: [{ ref: 'top_customers', appendMode: false }] } },
      optionalDependencies: false,
      redispatchPartitioning: false,
      maxRunningActivities: 0,
      neverRecomputeExistingPartitions: false,
      tags: [],
      customFields: {},
      customMeta: { kv: {} },
      checklists: { checklists: [] },
      creationTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
      versionTag: { versionNumber: 0, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW },
    });
    const names = ((await call('GET', `${CA}/recipes/`)).json as Item[]).map((item) => item.name);
    expect(names).toContain('compute_orders');
  });

  it('does not read the payload from creationSettings.payload', async () => {
    await call('POST', `${CA}/recipes/`, { body: { ...body, creationSettings: { payload: 'print(1)' } } });
    expect((await getRecipe(`${CA}/recipes/compute_orders`)).payload).toBe('');
  });

  it('keeps params sent in the prototype', async () => {
    const prototype = { ...body.recipePrototype, params: { envSelection: { envMode: 'EXPLICIT_ENV', envName: 'py311' } } };
    await call('POST', `${CA}/recipes/`, { body: { recipePrototype: prototype, creationSettings: {} } });
    expect((await getRecipe(`${CA}/recipes/compute_orders`)).recipe.params).toEqual({ envSelection: { envMode: 'EXPLICIT_ENV', envName: 'py311' } });
  });

  it('derives the name from the first output when the prototype has none', async () => {
    const { name: _name, ...prototype } = body.recipePrototype;
    const outputs = { main: { items: [{ ref: 'SALES_REPORTING.orders_clean' }] } };
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { ...prototype, outputs }, creationSettings: { script } } });
    expect(response.json).toEqual({ name: 'compute_orders_clean' });
  });

  it('accepts a minimal prototype without inputs, outputs or creation settings', async () => {
    const response = await call('POST', '/projects/sandbox_lab/recipes/', { body: { recipePrototype: { name: 'test_recipe', type: 'python', projectKey: 'sandbox_lab' }, creationSettings: {} } });
    expect(response.status).toBe(200);
    const wrapper = await getRecipe('/projects/sandbox_lab/recipes/test_recipe');
    expect(wrapper.recipe.inputs).toEqual({});
    expect(wrapper.recipe.outputs).toEqual({});
    expect(wrapper.payload).toBe('');
    const noSettings = await call('POST', '/projects/sandbox_lab/recipes/', { body: { recipePrototype: { name: 'other', type: 'shell' } } });
    expect(noSettings.status).toBe(200);
  });

  it('creates visual recipes with their default payload', async () => {
    await call('POST', `${CA}/recipes/`, {
      body: {
        recipePrototype: { type: 'grouping', name: 'group_by_segment', inputs: { main: { items: [{ ref: 'customers_prepared' }] } }, outputs: {} },
        creationSettings: { groupKey: 'segment', createOutputDataset: null },
      },
    });
    const grouping = await getRecipe(`${CA}/recipes/group_by_segment`);
    expect(JSON.parse(grouping.payload as string)).toEqual({ keys: [{ column: 'segment' }], values: [], globalCount: false });
    expect(grouping.recipe.params).toEqual({});

    await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { type: 'grouping', name: 'group_all' }, creationSettings: {} } });
    expect(JSON.parse((await getRecipe(`${CA}/recipes/group_all`)).payload as string)).toEqual({ keys: [], values: [], globalCount: false });

    await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { type: 'shaker', name: 'prepare_x' }, creationSettings: {} } });
    expect(JSON.parse((await getRecipe(`${CA}/recipes/prepare_x`)).payload as string)).toEqual({ steps: [] });
  });

  it('creates recipes without a payload when the type has none', async () => {
    await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { type: 'sync', name: 'sync_x' }, creationSettings: {} } });
    const wrapper = await getRecipe(`${CA}/recipes/sync_x`);
    expect(wrapper).not.toHaveProperty('payload');
  });

  it('adds virtual inputs to the main input role', async () => {
    await call('POST', `${CA}/recipes/`, {
      body: {
        recipePrototype: { type: 'join', name: 'join_x', inputs: {}, outputs: { main: { items: [{ ref: 'top_customers' }] } } },
        creationSettings: { virtualInputs: ['RAW_CUSTOMERS', 'OTHER.ds', 3] },
      },
    });
    const wrapper = await getRecipe(`${CA}/recipes/join_x`);
    expect(wrapper.recipe.inputs).toEqual({ main: { items: [{ ref: 'RAW_CUSTOMERS', deps: [] }, { ref: 'OTHER.ds', deps: [] }] } });
    expect(wrapper.recipe.outputs).toEqual({ main: { items: [{ ref: 'top_customers', appendMode: false }] } });
  });

  it('uses the raw payload in raw mode', async () => {
    await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { type: 'python', name: 'raw_x' }, creationSettings: { rawCreation: true, rawPayload: 'raw', script: 'ignored' } } });
    expect((await getRecipe(`${CA}/recipes/raw_x`)).payload).toBe('raw');
    await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { type: 'python', name: 'raw_y' }, creationSettings: { rawCreation: true } } });
    expect(await getRecipe(`${CA}/recipes/raw_y`)).not.toHaveProperty('payload');
  });

  it('answers an existing name with 400', async () => {
    const response = await call('POST', `${CA}/recipes/`, { body: { ...body, recipePrototype: { ...body.recipePrototype, name: 'sql_top_customers' } } });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      errorType: ILLEGAL_ARGUMENT,
      message: 'Recipe CUSTOMER_ANALYTICS.sql_top_customers already exists',
      detailedMessage: 'Recipe CUSTOMER_ANALYTICS.sql_top_customers already exists',
    });
  });

  it.each([
    ['a missing prototype', { creationSettings: {} }, 'Invalid recipePrototype: expected a JSON object'],
    ['a missing type', { recipePrototype: { name: 'x' } }, 'Missing recipe type in recipePrototype'],
    ['non-object creation settings', { recipePrototype: { name: 'x', type: 'python' }, creationSettings: 'x' }, 'Invalid creationSettings: expected a JSON object'],
    ['no name and no output', { recipePrototype: { type: 'python' } }, 'Missing recipe name and no output to derive it from'],
    ['a dotted name', { recipePrototype: { type: 'python', name: 'a.b' } }, 'Invalid recipe name "a.b": it must match [A-Za-z0-9_-]+'],
    ['a body that is not an object', 'x', 'Invalid recipe creation body: expected a JSON object'],
  ])('answers %s with 400', async (_label, payload, message) => {
    const response = await call('POST', `${CA}/recipes/`, { body: payload });
    expect(response.status).toBe(400);
    expect(envelope(response)).toEqual({ errorType: ILLEGAL_ARGUMENT, message, detailedMessage: message });
  });
});

describe('PUT /projects/{k}/recipes/{r}', () => {
  it('replaces definition and payload and bumps versionTag', async () => {
    const current = await getRecipe(`${CA}/recipes/compute_customers_prepared`);
    const { description: _description, ...recipe } = current.recipe;
    const put = await call('PUT', `${CA}/recipes/compute_customers_prepared`, { body: { recipe: { ...recipe, tags: [] }, payload: 'print("v2")\n' } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ msg: 'Updated recipe CUSTOMER_ANALYTICS.compute_customers_prepared' });

    const after = await getRecipe(`${CA}/recipes/compute_customers_prepared`);
    expect(after.payload).toBe('print("v2")\n');
    expect(after.recipe).not.toHaveProperty('description');
    expect(after.recipe.tags).toEqual([]);
    expect(after.recipe.versionTag).toEqual({ versionNumber: 5, lastModifiedBy: { login: 'admin' }, lastModifiedOn: NOW });
    expect(after.recipe.creationTag).toEqual(current.recipe.creationTag);
  });

  it('removes the payload when the wrapper has none (absent or null)', async () => {
    const current = await getRecipe(`${CA}/recipes/group_customers_by_country`);
    await call('PUT', `${CA}/recipes/group_customers_by_country`, { body: { recipe: current.recipe } });
    expect(await getRecipe(`${CA}/recipes/group_customers_by_country`)).not.toHaveProperty('payload');
    await call('PUT', `${CA}/recipes/group_customers_by_country`, { body: { recipe: current.recipe, payload: null } });
    const after = await getRecipe(`${CA}/recipes/group_customers_by_country`);
    expect(after).not.toHaveProperty('payload');
    expect(after.recipe.versionTag).toMatchObject({ versionNumber: 4 });
  });

  it('keeps projectKey and name: the stored identity wins', async () => {
    const current = await getRecipe(`${CA}/recipes/sql_top_customers`);
    await call('PUT', `${CA}/recipes/sql_top_customers`, { body: { ...current, recipe: { ...current.recipe, name: 'renamed', projectKey: 'X' } } });
    const after = await getRecipe(`${CA}/recipes/sql_top_customers`);
    expect(after.recipe.name).toBe('sql_top_customers');
    expect(after.recipe.projectKey).toBe('CUSTOMER_ANALYTICS');
    expect((await call('GET', `${CA}/recipes/renamed`)).status).toBe(404);
  });

  it.each([
    ['no recipe', { payload: 'x' }, 'Invalid recipe definition: expected a JSON object'],
    ['a non-string payload', { recipe: { type: 'python' }, payload: { code: 1 } }, 'Invalid payload: expected a string'],
    ['a recipe without type', { recipe: { name: 'x' }, payload: 'x' }, 'Missing type for recipe CUSTOMER_ANALYTICS.sql_top_customers'],
    ['a non-object body', [1], 'Invalid recipe document: expected a JSON object'],
  ])('answers %s with 400', async (_label, body, message) => {
    const response = await call('PUT', `${CA}/recipes/sql_top_customers`, { body });
    expect(response.status).toBe(400);
    expect(envelope(response).message).toBe(message);
  });

  it('answers an unknown recipe with 404', async () => {
    expect((await call('PUT', `${CA}/recipes/nope`, { body: { recipe: { type: 'python' } } })).status).toBe(404);
  });
});

describe('DELETE /projects/{k}/recipes/{r}', () => {
  it('deletes and then answers 404', async () => {
    const response = await call('DELETE', `${CA}/recipes/sql_top_customers`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ msg: 'Deleted recipe CUSTOMER_ANALYTICS.sql_top_customers' });
    expect((await call('GET', `${CA}/recipes/sql_top_customers`)).status).toBe(404);
    const again = await call('DELETE', `${CA}/recipes/sql_top_customers`);
    expect(again.status).toBe(404);
    expect(envelope(again).errorType).toBe(NOT_FOUND);
  });
});

describe('POST /projects/{k}/recipes/: outputs', () => {
  const prototype = { type: 'python', name: 'compute_new', inputs: { main: { items: [{ ref: 'RAW_CUSTOMERS' }] } }, outputs: { main: { items: [{ ref: 'new_output' }] } } };

  it.each([
    ['nothing asks for it', {}],
    ['the output is declared existing', { createOutputDataset: false }],
    ['creation is left to DSS', { createOutputDataset: null, createOutputFolder: null }],
  ])('refuses a recipe whose output does not exist when %s, and creates nothing', async (_label, creationSettings) => {
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: prototype, creationSettings } });
    expect(response.status).toBe(400);
    const message = 'Need to create output dataset or folder, but creationInfo params are suppressing it';
    expect(response.json).toEqual({ errorType: JAVA_ILLEGAL_ARGUMENT, message, detailedMessage: message });
    expect((await call('GET', `${CA}/recipes/compute_new`)).status).toBe(404);
    expect((await call('GET', `${CA}/datasets/new_output`)).status).toBe(404);
  });

  it('creates the missing output dataset when asked, as a managed dataset on the connection given', async () => {
    const creationSettings = {
      script: 'x = 1',
      createOutputDataset: true,
      outputDatasetSettings: { connectionId: 'filesystem_managed', typeOptionId: null, specificSettings: { formatOptionId: 'CSV_UNIX_GZIP', overrideSQLSchema: null }, partitioningOptionId: null },
      createOutputFolder: null,
      outputFolderSettings: null,
    };
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: prototype, creationSettings } });
    expect(response.json).toEqual({ name: 'compute_new' });
    const output = (await call('GET', `${CA}/datasets/new_output`)).json as Item;
    expect(output).toMatchObject({ name: 'new_output', type: 'Filesystem', managed: true, formatType: 'csv' });
    expect(output.formatParams).toMatchObject({ style: 'unix', compress: 'gz' });
    expect(test.emulator.stats.writes('dataset.CUSTOMER_ANALYTICS.new_output')).toEqual({ creates: 1, updates: 0, deletes: 0 });
    expect(test.emulator.stats.writes('recipe.CUSTOMER_ANALYTICS.compute_new')).toEqual({ creates: 1, updates: 0, deletes: 0 });
  });

  it('creates the missing output folder when asked', async () => {
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: prototype, creationSettings: { createOutputFolder: true } } });
    expect(response.status).toBe(200);
    const folder = (await call('GET', `${CA}/managedfolders/new_output`)).json as Item;
    expect(folder).toMatchObject({ id: 'new_output', name: 'new_output', type: 'Filesystem' });
    expect((folder.params as Item).connection).toBe('filesystem_folders');
    expect(test.emulator.stats.writes('managedfolder.CUSTOMER_ANALYTICS.new_output').creates).toBe(1);
  });

  it('accepts a managed folder as an existing output', async () => {
    const created = await call('POST', `${CA}/managedfolders/`, { body: { name: 'models', projectKey: 'CUSTOMER_ANALYTICS', type: null, params: {} } });
    const { id } = created.json as { id: string };
    const outputs = { main: { items: [{ ref: id }] } };
    expect((await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { ...prototype, outputs }, creationSettings: {} } })).status).toBe(200);
  });

  it.each([
    ['an unknown connection', { createOutputDataset: true, outputDatasetSettings: { connectionId: 'nope' } }, 400, "Connection 'nope' does not exist"],
    ['an unknown folder connection', { createOutputFolder: true, outputFolderSettings: { connectionId: 'nope' } }, 400, "Connection 'nope' does not exist"],
  ])('refuses to create an output on %s, and creates nothing', async (_label, creationSettings, status, message) => {
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: prototype, creationSettings } });
    expect(response.status).toBe(status);
    expect(envelope(response).message).toBe(message);
    expect((await call('GET', `${CA}/recipes/compute_new`)).status).toBe(404);
  });

  it('creates nothing when one of several outputs cannot be created', async () => {
    const outputs = { main: { items: [{ ref: 'first_new' }, { ref: 'NO_SUCH_PROJECT.second_new' }] } };
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { ...prototype, outputs }, creationSettings: { createOutputDataset: true } } });
    expect(response.status).toBe(404);
    expect((await call('GET', `${CA}/datasets/first_new`)).status).toBe(404);
    const invalid = { main: { items: [{ ref: 'first_new' }, { ref: 'bad name' }] } };
    expect((await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { ...prototype, outputs: invalid }, creationSettings: { createOutputDataset: true } } })).status).toBe(400);
    expect((await call('GET', `${CA}/datasets/first_new`)).status).toBe(404);
  });

  it('checks nothing in raw mode', async () => {
    const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: prototype, creationSettings: { rawCreation: true } } });
    expect(response.status).toBe(200);
    expect((await call('GET', `${CA}/datasets/new_output`)).status).toBe(404);
  });

  it('refuses an invalid or taken name before creating any output', async () => {
    for (const name of ['bad.name', 'sql_top_customers']) {
      const response = await call('POST', `${CA}/recipes/`, { body: { recipePrototype: { ...prototype, name }, creationSettings: { createOutputDataset: true } } });
      expect(response.status).toBe(400);
    }
    expect((await call('GET', `${CA}/datasets/new_output`)).status).toBe(404);
  });
});

describe('GET /projects/{k}/recipes/templates', () => {
  it('gives the default payloads and params by type', async () => {
    const templates = (await call('GET', `${CA}/recipes/templates`)).json as { payloadsByType: Item; paramsByType: Item };
    expect(templates.payloadsByType.python).toBe('');
    expect(JSON.parse(templates.payloadsByType.shaker as string)).toEqual({ steps: [] });
    expect(templates.paramsByType.python).toEqual({ envSelection: { envMode: 'INHERIT' } });
  });
});

describe('GET|PUT /projects/{k}/recipes/{r}/metadata', () => {
  it('reads and writes tags, checklists, custom and the text fields of the recipe', async () => {
    const metadata = (await call('GET', `${CA}/recipes/compute_customers_prepared/metadata`)).json as Item;
    expect(metadata).toMatchObject({ tags: ['python'], custom: { kv: {} }, checklists: { checklists: [] } });
    const put = await call('PUT', `${CA}/recipes/compute_customers_prepared/metadata`, { body: { ...metadata, tags: ['gold'], description: 'Prepares' } });
    expect(put.json).toEqual({ msg: 'Updated metadata CUSTOMER_ANALYTICS.compute_customers_prepared' });
    const after = await getRecipe(`${CA}/recipes/compute_customers_prepared`);
    expect(after.recipe.tags).toEqual(['gold']);
    expect(after.recipe.description).toBe('Prepares');
    expect(after.payload).toContain('import dataiku');
    expect((await call('GET', `${CA}/recipes/nope/metadata`)).status).toBe(404);
    expect((await call('PUT', `${CA}/recipes/nope/metadata`, { body: {} })).status).toBe(404);
  });
});

describe('GET /projects/{k}/recipes/{r}/status and schema updates', () => {
  it('reports the DSS engine and no messages', async () => {
    const status = (await call('GET', `${CA}/recipes/sql_top_customers/status`)).json as Item;
    expect((status.selectedEngine as Item).type).toBe('DSS');
    expect((status.allMessagesForFrontend as Item).messages).toEqual([]);
    expect((await call('GET', `${CA}/recipes/nope/status`)).status).toBe(404);
  });

  it('never requires a schema update, and applies one sent for an output dataset', async () => {
    expect((await call('GET', `${CA}/recipes/compute_customers_prepared/schema-update`)).json).toEqual({ totalIncompatibilities: 0, computables: [] });
    const newSchema = { columns: [{ name: 'id', type: 'bigint' }], userModified: false };
    const body = { computableType: 'DATASET', computableId: 'customers_prepared', newSchema, dropAndRecreate: true, synchronizeMetastore: true };
    const applied = await call('POST', `${CA}/recipes/compute_customers_prepared/actions/updateOutputSchema`, { body });
    expect(applied.json).toEqual({ msg: 'Updated schema of dataset CUSTOMER_ANALYTICS.customers_prepared' });
    expect((await call('GET', `${CA}/datasets/customers_prepared/schema`)).json).toEqual(newSchema);
    const notOutput = await call('POST', `${CA}/recipes/compute_customers_prepared/actions/updateOutputSchema`, { body: { ...body, computableId: 'RAW_CUSTOMERS' } });
    expect(notOutput.status).toBe(400);
    expect(envelope(notOutput).message).toBe('"DATASET" RAW_CUSTOMERS is not an output dataset of recipe CUSTOMER_ANALYTICS.compute_customers_prepared');
    expect((await call('GET', `${CA}/recipes/nope/schema-update`)).status).toBe(404);
  });
});

describe('POST /projects/{k}/actions/renameRecipe', () => {
  it('renames the recipe, keeping its payload', async () => {
    const response = await call('POST', `${CA}/actions/renameRecipe`, { body: { oldName: 'sql_top_customers', newName: 'top_sql' } });
    expect(response.json).toEqual({ msg: 'Renamed recipe CUSTOMER_ANALYTICS.sql_top_customers to top_sql' });
    const renamed = await getRecipe(`${CA}/recipes/top_sql`);
    expect(renamed.recipe.name).toBe('top_sql');
    expect(renamed.payload).toContain('SELECT');
    expect((await call('GET', `${CA}/recipes/sql_top_customers`)).status).toBe(404);
    const taken = await call('POST', `${CA}/actions/renameRecipe`, { body: { oldName: 'top_sql', newName: 'compute_customers_prepared' } });
    expect(taken.status).toBe(400);
  });
});
