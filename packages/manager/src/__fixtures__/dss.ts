import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type DssEmulator, type EmulatorInstance, type JsonObject } from '@dataiku-iac/dss-emulator';
import { mswHandlers } from '@dataiku-iac/dss-emulator/msw';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const DSS_HOST = 'https://dss.test';
export const API = `${DSS_HOST}/public/api`;
/** Looks like a DSS personal key; tests search outputs for it and for its base64 forms. */
export const API_KEY = 'dkuaps-T3stK3y0123456789abcdefXYZ';
export const KEY_FORMS = [API_KEY, Buffer.from(`${API_KEY}:`).toString('base64'), Buffer.from(API_KEY).toString('base64')];

/** The DSS JSON error envelope (contract §2.6), for handlers that override the emulator. */
export function dssError(status: number, errorType: string, message: string): Response {
  return HttpResponse.json({ errorType, message, detailedMessage: message }, { status });
}

function dataset(projectKey: string, name: string): JsonObject {
  return {
    projectKey,
    name,
    type: 'Filesystem',
    managed: true,
    params: { connection: 'filesystem_managed', path: `\${projectKey}/${name}` },
    formatType: 'csv',
    formatParams: { style: 'unix', charset: 'utf8', separator: '\t', parseHeaderRow: false },
    schema: { columns: [{ name: 'order_id', type: 'bigint' }, { name: 'customer', type: 'string', maxLength: -1 }], userModified: false },
    tags: ['sales'],
    description: 'Cleaned orders',
  };
}

/** Two projects in the shape of the contract's examples: SALES (2 datasets, 1 recipe) and MARKETING (1 dataset). */
function sampleInstance(): EmulatorInstance {
  return {
    projects: [
      {
        projectKey: 'SALES',
        metadata: { label: 'Sales analytics', description: 'Long **markdown** description', shortDesc: 'Weekly sales KPIs', tags: ['finance', 'weekly'], checklists: { checklists: [] }, custom: { kv: { team: 'BI' } } },
        settings: { settings: { codeEnvs: { python: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' } }, container: { containerMode: 'NONE' } }, exposedObjects: { objects: [] } },
        datasets: [dataset('SALES', 'orders'), dataset('SALES', 'orders_prepared')],
        recipes: [
          {
            recipe: {
              projectKey: 'SALES',
              name: 'compute_orders_prepared',
              type: 'python',
              params: { envSelection: { envMode: 'INHERIT' } },
              inputs: { main: { items: [{ ref: 'orders', deps: [] }] } },
              outputs: { main: { items: [{ ref: 'orders_prepared', appendMode: false }] } },
              tags: [],
            },
            payload: 'import dataiku\ndf = dataiku.Dataset("orders").get_dataframe()\n',
          },
        ],
      },
      { projectKey: 'MARKETING', metadata: { label: 'Marketing', tags: [] }, datasets: [dataset('MARKETING', 'campaigns')] },
    ],
  };
}

export interface DssFixture {
  readonly emulator: DssEmulator;
  readonly server: ReturnType<typeof setupServer>;
  /** A fresh working directory per test. */
  readonly directory: string;
}

/** The DSS emulator in msw mode on `https://dss.test` (its seed back before each test), and a fresh working directory per test. */
export function useDss(): DssFixture {
  const emulator = createEmulator({ apiKey: API_KEY, seed: sampleInstance() });
  const server = setupServer(...mswHandlers(emulator));
  const fixture = { emulator, server, directory: '' };
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  beforeEach(async () => {
    emulator.reset();
    fixture.directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-manager-'));
  });
  afterEach(async () => {
    server.resetHandlers();
    server.events.removeAllListeners();
    await rm(fixture.directory, { recursive: true, force: true });
  });
  afterAll(() => {
    server.close();
  });
  return fixture;
}

/** Change one dataset in DSS, as a person would through the API. */
export function changeDataset(emulator: DssEmulator, projectKey: string, name: string, change: (definition: JsonObject) => JsonObject): void {
  emulator.store.putDataset(projectKey, name, change(emulator.store.getDataset(projectKey, name)));
}
