import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeProject, fakeDss, ordersDataset, pythonRecipe, salesMetadata, salesSettings } from '@dataiku-iac/test-utils';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export { API, API_KEY, DSS_HOST, dssError } from '@dataiku-iac/test-utils';

/** Two projects in the shape of the contract's examples. */
export function sampleProjects(): Record<string, FakeProject> {
  return {
    SALES: {
      metadata: salesMetadata(),
      settings: salesSettings(),
      datasets: { orders: ordersDataset('orders'), orders_prepared: ordersDataset('orders_prepared') },
      recipes: { compute_orders_prepared: pythonRecipe() },
    },
    MARKETING: {
      metadata: { label: 'Marketing', tags: [] },
      settings: { settings: {} },
      datasets: { campaigns: { ...ordersDataset('campaigns'), projectKey: 'MARKETING' } },
      recipes: {},
    },
  };
}

/**
 * An msw fake DSS over a mutable map of projects (reset before each test), and a fresh working
 * directory per test.
 */
export function useFakeDss(): { readonly projects: Record<string, FakeProject>; readonly server: ReturnType<typeof setupServer>; directory: string } {
  const projects = sampleProjects();
  const server = setupServer(...fakeDss(projects));
  const context = { projects, server, directory: '' };
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  beforeEach(async () => {
    for (const key of Object.keys(context.projects)) Reflect.deleteProperty(context.projects, key);
    Object.assign(context.projects, sampleProjects());
    context.directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-manager-'));
  });
  afterEach(async () => {
    server.resetHandlers(...fakeDss(context.projects));
    await rm(context.directory, { recursive: true, force: true });
  });
  afterAll(() => {
    server.close();
  });
  return context;
}
