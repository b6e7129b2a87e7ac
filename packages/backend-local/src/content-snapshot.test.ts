import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { sampleState } from './__fixtures__/test-support.js';
import { hasSameContent, snapshotOf } from './content-snapshot.js';
import { serializeState } from './serialize-state.js';

describe('hasSameContent', () => {
  const base = sampleState();
  const snapshot = snapshotOf(base);

  it('is true for the same resources, even rebuilt', () => {
    expect(hasSameContent(snapshot, base, base.lineage)).toBe(true);
    const rebuilt = new State({ environment: 'dev', resources: base.listResources().map((r) => Resource.fromJSON(r.toJSON())) });
    expect(hasSameContent(snapshot, rebuilt, null)).toBe(true);
  });

  it('sees every kind of change except serial and update time', () => {
    const cases: [string, (state: State) => void][] = [
      ['lineage', (state) => (state.lineage = 'x')],
      ['environment', (state) => (state.environment = 'prod')],
      ['a removed resource', (state) => state.removeResource('project.SALES')],
      ['an added resource', (state) => { state.addResource(new Resource({ resourceId: 'project.NEW', attributes: {} })); }],
      ['attributes', (state) => { state.addResource(new Resource({ resourceId: 'project.SALES', attributes: { name: 'other' } })); }],
      ['deployed_at', (state) => { state.addResource(state.getResource('project.SALES')!.withMetadata({ deployedAt: '2020-01-01T00:00:00Z' })); }],
      ['deployed_by', (state) => { state.addResource(state.getResource('project.SALES')!.withMetadata({ deployedBy: 'eve' })); }],
      ['the internal id', (state) => { state.addResource(state.getResource('project.SALES')!.withMetadata({ dataikuInternalId: 'x' })); }],
      ['a replaced resource with another id set', (state) => {
        state.removeResource('project.SALES');
        state.addResource(new Resource({ resourceId: 'project.OTHER', attributes: {} }));
      }],
    ];
    for (const [name, change] of cases) {
      const state = base.clone();
      change(state);
      expect(hasSameContent(snapshot, state, state.lineage), name).toBe(false);
    }
    const touched = base.clone();
    touched.serial = 99;
    touched.updatedAt = '2030-01-01T00:00:00Z';
    expect(hasSameContent(snapshot, touched, touched.lineage)).toBe(true);
  });
});

describe('serializeState', () => {
  it('leaves ASCII-only states as JSON.stringify writes them, with a final newline', () => {
    const state = new State({ environment: 'dev', updatedAt: '2026-01-01T00:00:00.000+00:00', resources: [new Resource({ resourceId: 'project.P', attributes: { a: 'b' }, metadata: { deployedAt: '2026-01-01T00:00:00.000+00:00' } })] });
    expect(serializeState(state)).toBe(`${JSON.stringify(state.toJSON(), null, 2)}\n`);
  });
});
