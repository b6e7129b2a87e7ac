import { Resource, secretMarker, State } from '@dataiku-iac/models';
import { type Plan, stateReference } from '@dataiku-iac/plan';
import { describe, expect, it } from 'vitest';
import { checkPlanFresh, type PlanCheck } from './check-plan.js';

const state = new State({ lineage: 'L', serial: 3, resources: [new Resource({ resourceId: 'project.P', attributes: { name: 'p' } })] });
const marker = secretMarker('hunter2', ['params', 'password'], { resourceId: 'dataset.P.d', key: 'k' });

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 1,
    toolVersion: '0.1.0',
    createdAt: '2026-12-01T10:00:00.000+00:00',
    environment: 'dev',
    refreshed: true,
    state: stateReference(state),
    configuration: { source: 'dataiku.yaml', digest: 'abc', codeFiles: [] },
    projectKeys: ['P'],
    allowDestroyProject: false,
    actions: [
      {
        resourceId: 'dataset.P.d',
        resourceType: 'dataset',
        action: 'create',
        changes: [],
        desired: { type: 'PostgreSQL', params: { password: '${env:PW}' } },
        secrets: [{ path: ['params', 'password'], variable: 'PW', marker }],
        fingerprint: null,
        after: [],
      },
    ],
    summary: { add: 1, change: 0, replace: 0, destroy: 0, unchanged: 0, unmanaged: 0 },
    ...overrides,
  };
}

const check: PlanCheck = {
  state,
  environment: 'dev',
  configurationDigest: 'abc',
  secrets: () => [{ path: ['params', 'password'], value: 'hunter2' }],
  redactionKey: 'k',
};

describe('checkPlanFresh', () => {
  it('accepts a plan made against this very state, configuration and secrets', () => {
    expect(() => {
      checkPlanFresh(plan(), check);
    }).not.toThrow();
  });

  it.each([
    ['another environment', plan({ environment: 'prod' }), check, 'the plan was made for environment prod, not dev'],
    ['another lineage', plan({ state: { ...stateReference(state), lineage: 'M' } }), check, 'the plan was made for state lineage M; the state now has lineage L'],
    ['another serial', plan({ state: { ...stateReference(state), serial: 2 } }), check, 'the state changed since the plan was made (serial 2 then, 3 now)'],
    ['other resources', plan({ state: { ...stateReference(state), resourcesDigest: 'x' } }), check, 'the resources of the state changed since the plan was made'],
    ['another configuration', plan(), { ...check, configurationDigest: 'def' }, 'the configuration (dataiku.yaml) changed since the plan was made'],
    ['a changed secret', plan(), { ...check, secrets: () => [{ path: ['params', 'password'], value: 'changed' }] }, 'the value of ${env:PW} for dataset.P.d changed since the plan was made'],
    ['a missing secret', plan(), { ...check, secrets: () => [] }, 'the value of ${env:PW} for dataset.P.d changed since the plan was made'],
  ] as const)('refuses %s', (_name, stale, against, message) => {
    let error: unknown;
    try {
      checkPlanFresh(stale, against);
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).toBe(message);
    expect((error as { code: string; hint: string }).code).toBe('PLAN_STALE');
    expect((error as { hint: string }).hint).toBe('run plan again');
  });

  it('when resuming the same plan, only the lineage of the state must match', () => {
    const moved = new State({ lineage: 'L', serial: 9 });
    expect(() => {
      checkPlanFresh(plan(), { ...check, state: moved, resuming: true });
    }).not.toThrow();
    expect(() => {
      checkPlanFresh(plan({ state: { lineage: null, serial: 0, resourcesDigest: 'x' } }), { ...check, state: moved });
    }).toThrow('the state changed since the plan was made (serial 0 then, 9 now)');
  });
});
