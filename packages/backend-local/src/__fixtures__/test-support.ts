import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resource, State } from '@dataiku-iac/models';
import { afterEach, beforeEach } from 'vitest';

/** A fresh temporary directory for each test of the calling file. */
export function useTemporaryDirectory(): { readonly path: string } {
  const holder = { path: '' };
  beforeEach(async () => {
    holder.path = await mkdtemp(join(tmpdir(), 'dataiku-iac-backend-'));
  });
  afterEach(async () => {
    await rm(holder.path, { recursive: true, force: true });
  });
  return holder;
}

export function sampleState(environment = 'dev'): State {
  return new State({
    environment,
    resources: [
      new Resource({ resourceId: 'project.SALES', attributes: { name: 'Sales — ventes', tags: ['finance'] } }),
      new Resource({
        resourceId: 'dataset.SALES.orders',
        attributes: { type: 'Filesystem', formatParams: { separator: ',' } },
        metadata: { dataikuInternalId: 'orders' },
      }),
    ],
  });
}

/** The pid of a process that has exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

export const PYTHON_STATE_URL = new URL('../../../../fixtures/python-reference/prod.state.json', import.meta.url);
