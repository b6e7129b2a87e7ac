import type { JsonObject, RecipeDocument } from '@dataiku-iac/dss-emulator';

/** DSS documents shaped like the contract's examples (`dss-api.md` §3). */

/** Project metadata as in contract §3.1. */
export function salesMetadata(): JsonObject {
  return {
    label: 'Sales analytics',
    description: 'Long **markdown** description',
    shortDesc: 'Weekly sales KPIs',
    tags: ['finance', 'weekly'],
    checklists: {
      checklists: [
        {
          title: 'To-do list',
          createdOn: 0,
          items: [{ text: 'Connect data sources', done: false, createdBy: 'alice', createdOn: 1718000000000, stateChangedOn: 0 }],
        },
      ],
    },
    custom: { kv: { team: 'BI' } },
    customFields: {},
  };
}

/** Project settings as in contract §3.1. */
export function salesSettings(): JsonObject {
  return {
    projectStatus: 'Draft',
    settings: {
      codeEnvs: {
        python: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' },
        r: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' },
      },
      container: { containerMode: 'NONE' },
      k8sCluster: { clusterMode: 'INHERIT' },
      cluster: { clusterMode: 'INHERIT' },
    },
    exposedObjects: { objects: [{ type: 'DATASET', localName: 'orders', rules: [{ targetProject: 'MARKETING' }] }] },
    metrics: {},
    metricsChecks: {},
  };
}

/** A dataset definition as in contract §3.2. */
export function ordersDataset(name = 'orders_prepared'): JsonObject {
  return {
    projectKey: 'SALES_ANALYTICS',
    name,
    type: 'Filesystem',
    managed: true,
    featureGroup: false,
    params: { connection: 'filesystem_managed', path: `\${projectKey}/${name}` },
    formatType: 'csv',
    formatParams: { style: 'unix', charset: 'utf8', separator: '\t', parseHeaderRow: false },
    partitioning: { ignoreNonMatchingFile: false, dimensions: [] },
    schema: {
      columns: [
        { name: 'order_id', type: 'bigint' },
        { name: 'customer', type: 'string', maxLength: -1 },
      ],
      userModified: false,
    },
    description: 'Cleaned orders',
    shortDesc: 'orders, cleaned',
    tags: ['sales'],
    customFields: {},
    checklists: { checklists: [] },
    creationTag: { versionNumber: 0, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1717000000000 },
    versionTag: { versionNumber: 3, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1718000000000 },
  };
}

/** A python recipe document as in contract §3.3. */
export function pythonRecipe(name = 'compute_orders_prepared'): RecipeDocument & { payload: string } {
  return {
    recipe: {
      projectKey: 'SALES_ANALYTICS',
      name,
      type: 'python',
      params: { envSelection: { envMode: 'INHERIT' } },
      inputs: { main: { items: [{ ref: 'orders_raw', deps: [] }] } },
      outputs: { main: { items: [{ ref: 'orders_prepared', appendMode: false }] } },
      tags: [],
      versionTag: { versionNumber: 2, lastModifiedBy: { login: 'alice' }, lastModifiedOn: 1718000000000 },
    },
    payload: 'import dataiku\ndf = dataiku.Dataset("orders_raw").get_dataframe()\n',
  };
}
