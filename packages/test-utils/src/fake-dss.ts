import { http, HttpResponse, type HttpHandler } from 'msw';

/** Test helpers for the sync packages: msw handlers on the contract's real DSS paths. */

export const DSS_HOST = 'https://dss.test';
export const API = `${DSS_HOST}/public/api`;
/** Looks like a DSS personal key; tests search outputs for it and for its base64 forms. */
export const API_KEY = 'dkuaps-T3stK3y0123456789abcdefXYZ';
export const BASIC_TOKEN = Buffer.from(`${API_KEY}:`).toString('base64');
export const KEY_FORMS = [API_KEY, BASIC_TOKEN, Buffer.from(API_KEY).toString('base64')];

export const NOT_FOUND_TYPE = 'com.dataiku.dip.server.controllers.NotFoundException';

/** A 200 JSON answer whose connection breaks after `text`, part of the body (a dropped connection mid-response). */
export function cutOffJson(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.error(new Error('socket hang up'));
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'application/json' } });
}

/** The DSS JSON error envelope (contract §2.6). */
export function dssError(status: number, errorType: string, message: string): Response {
  return HttpResponse.json({ errorType, message, detailedMessage: message }, { status });
}

export function notFound(what: string): Response {
  return dssError(404, NOT_FOUND_TYPE, `${what} does not exist`);
}

export interface FakeProject {
  metadata?: unknown;
  settings?: unknown;
  datasets?: Record<string, unknown>;
  recipes?: Record<string, unknown>;
}

/** A tiny DSS: the project list, metadata, settings, dataset and recipe lists and GETs, with 404 for unknown objects. */
export function fakeDss(projects: Record<string, FakeProject>): HttpHandler[] {
  const project = (key: unknown): FakeProject | undefined => (typeof key === 'string' && Object.hasOwn(projects, key) ? projects[key] : undefined);
  const child = (map: Record<string, unknown> | undefined, name: unknown): unknown =>
    map !== undefined && typeof name === 'string' && Object.hasOwn(map, name) ? map[name] : undefined;
  return [
    http.get(`${API}/projects/`, () => HttpResponse.json(Object.keys(projects).map((projectKey) => ({ projectKey, name: projectKey })))),
    http.get(`${API}/projects/:projectKey/metadata`, ({ params }) => {
      const found = project(params.projectKey);
      return found === undefined ? notFound(`Project ${String(params.projectKey)}`) : HttpResponse.json(found.metadata ?? {});
    }),
    http.get(`${API}/projects/:projectKey/settings`, ({ params }) => {
      const found = project(params.projectKey);
      return found === undefined ? notFound(`Project ${String(params.projectKey)}`) : HttpResponse.json(found.settings ?? {});
    }),
    http.get(`${API}/projects/:projectKey/datasets/`, ({ params }) => {
      const found = project(params.projectKey);
      if (found === undefined) return notFound(`Project ${String(params.projectKey)}`);
      return HttpResponse.json(Object.keys(found.datasets ?? {}).map((name) => ({ name, projectKey: params.projectKey })));
    }),
    http.get(`${API}/projects/:projectKey/datasets/:name`, ({ params }) => {
      const body = child(project(params.projectKey)?.datasets, params.name);
      return body === undefined ? notFound(`Dataset ${String(params.projectKey)}.${String(params.name)}`) : HttpResponse.json(body);
    }),
    http.get(`${API}/projects/:projectKey/recipes/`, ({ params }) => {
      const found = project(params.projectKey);
      if (found === undefined) return notFound(`Project ${String(params.projectKey)}`);
      return HttpResponse.json(Object.keys(found.recipes ?? {}).map((name) => ({ name, projectKey: params.projectKey })));
    }),
    http.get(`${API}/projects/:projectKey/recipes/:name`, ({ params }) => {
      const body = child(project(params.projectKey)?.recipes, params.name);
      return body === undefined ? notFound(`Recipe ${String(params.projectKey)}.${String(params.name)}`) : HttpResponse.json(body);
    }),
  ];
}

/** Project metadata as in contract §3.1. */
export function salesMetadata(): Record<string, unknown> {
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
export function salesSettings(): Record<string, unknown> {
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
export function ordersDataset(name = 'orders_prepared'): Record<string, unknown> {
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
export function pythonRecipe(name = 'compute_orders_prepared'): Record<string, unknown> {
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
