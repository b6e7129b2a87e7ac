import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { StateManager } from '@dataiku-iac/manager';
import { makeResourceId, parseResourceId, Resource, State, toCanonicalOrder } from '@dataiku-iac/models';
import { DssClient } from '@dataiku-iac/dss-client';
import { generateSyntheticInstance, startEmulatorServer } from '@dataiku-iac/dss-emulator';

/**
 * A state of `size` resources with realistic attributes: a synthetic DSS instance synced for real
 * (through the emulator, the DSS client and the syncs), then its projects copied under new keys
 * until the state has `size` resources.
 */
export async function syntheticState(size: number): Promise<State> {
  const server = await startEmulatorServer({ seed: generateSyntheticInstance({ projects: 10, datasetsPerProject: 60, recipesPerProject: 40, seed: 7 }) });
  let sample: State;
  try {
    const client = new DssClient({ host: server.url, apiKey: server.emulator.apiKey, env: {}, concurrency: 32 });
    const backend = new LocalFileBackend({ stateFile: '/dev/null/unused' });
    sample = await new StateManager({ backend, dss: client, environment: 'bench', onWarning: () => undefined }).syncAll();
  } finally {
    await server.close();
  }
  const resources = sample.listResources();
  const state = new State({ environment: 'bench' });
  for (let copy = 0; state.size < size; copy++) {
    for (const resource of resources) {
      if (state.size >= size) break;
      const { resourceType, projectKey, resourceName } = parseResourceId(resource.resourceId);
      const id = makeResourceId(resourceType, `${projectKey}_${copy}`, resourceName);
      state.addResource(new Resource({ resourceId: id, attributes: resource.attributes, metadata: resource.metadata }));
    }
  }
  return state;
}

/** A copy of `state` where one resource in `every` has a changed attribute. */
export function modifiedCopy(state: State, every: number): State {
  const copy = state.clone();
  state.listResources().forEach((resource, index) => {
    if (index % every !== 0) return;
    const attributes = toCanonicalOrder({ ...(resource.attributes), description: `changed for the benchmark (${index})` });
    const { deployedAt, deployedBy, dataikuInternalId } = resource.metadata;
    copy.addResource(new Resource({ resourceId: resource.resourceId, attributes, metadata: { deployedAt, deployedBy, dataikuInternalId } }));
  });
  return copy;
}
