import { writeConfiguration, type WrittenConfiguration } from '@dataiku-iac/config';
import type { SaveResult } from '@dataiku-iac/models';
import type { StateManager } from '../state-manager.js';

export interface ImportOutcome {
  readonly written: WrittenConfiguration;
  /** Resources now managed in the state. */
  readonly adopted: number;
  readonly saved: SaveResult;
}

/**
 * `dataiku-iac import`: read a project from DSS, write its configuration (YAML and code files;
 * secrets as `${env:…}` references) into `directory`, and adopt its resources as managed in the
 * state, under the state lock. Right after, planning that configuration shows no changes.
 * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) when the project does not exist
 */
export async function importProject(
  manager: StateManager,
  projectKey: string,
  directory: string,
  options: { readonly overwrite?: boolean | undefined; readonly lockTimeoutMs?: number | undefined; readonly signal?: AbortSignal | undefined } = {},
): Promise<ImportOutcome> {
  const lock = await manager.backend.lock('import', options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs });
  try {
    const { state } = await manager.refresh(manager.loadState(), { projects: [projectKey] }, options.signal);
    const resources = state.listResources().filter((resource) => resource.projectKey === projectKey);
    const written = await writeConfiguration({ resources }, directory, { overwrite: options.overwrite });
    for (const resource of resources) state.addResource(resource.withMetadata({ managed: true }));
    const saved = await manager.saveState(state);
    return { written, adopted: resources.length, saved };
  } finally {
    await lock.release();
  }
}
