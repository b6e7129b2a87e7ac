import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { stateReference } from './state-reference.js';

describe('stateReference', () => {
  it('names the lineage and serial, and digests every resource with its managed mark', () => {
    const resource = new Resource({ resourceId: 'project.P', attributes: { name: 'p' } });
    const state = new State({ lineage: 'L', serial: 4, resources: [resource] });
    const reference = stateReference(state);
    expect(reference).toMatchObject({ lineage: 'L', serial: 4 });
    expect(reference.resourcesDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(stateReference(state.clone()).resourcesDigest).toBe(reference.resourcesDigest);
    const managed = state.clone();
    managed.addResource(resource.withMetadata({ managed: true }));
    expect(stateReference(managed).resourcesDigest).not.toBe(reference.resourcesDigest);
    const changed = new State({ lineage: 'L', serial: 4, resources: [new Resource({ resourceId: 'project.P', attributes: { name: 'q' } })] });
    expect(stateReference(changed).resourcesDigest).not.toBe(reference.resourcesDigest);
    expect(stateReference(new State()).resourcesDigest).not.toBe(reference.resourcesDigest);
  });
});
