import { hasErrorCode, type JsonObject, redactSecrets, Resource, secretMarker, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { createPlan, type PlanInput } from './create-plan.js';
import type { DesiredResource } from './desired-resource.js';
import { stateReference } from './state-reference.js';

const NOW = '2026-12-01T10:00:00.000+00:00';

function desired(resourceId: string, attributes: JsonObject, dependsOn: string[] = [], secrets: DesiredResource['secrets'] = []): DesiredResource {
  const resourceType = resourceId.slice(0, resourceId.indexOf('.')) as DesiredResource['resourceType'];
  return { resourceId, resourceType, attributes, secrets, dependsOn };
}

function resource(resourceId: string, attributes: JsonObject, managed = false): Resource {
  return new Resource({ resourceId, attributes, metadata: { managed } });
}

const io = (name: string) => ({ main: { items: [{ ref: name }] } });

function plan(wanted: DesiredResource[], actual: Resource[], overrides: Partial<PlanInput> = {}) {
  const state = new State({ environment: 'dev', resources: actual });
  return createPlan({
    desired: wanted,
    actual: state,
    refreshed: true,
    projectKeys: ['P'],
    state: stateReference(state),
    configuration: { source: 'dataiku.yaml', digest: 'c0ffee', codeFiles: [] },
    environment: 'dev',
    toolVersion: '9.9.9',
    now: () => NOW,
    ...overrides,
  });
}

describe('createPlan', () => {
  it('creates what DSS lacks, in dependency order, and shows every declared attribute', () => {
    const result = plan(
      [
        desired('recipe.P.r', { type: 'python', inputs: io('a'), outputs: io('b'), payload: 'x = 1\ny = 2' }, ['project.P', 'dataset.P.a', 'dataset.P.b']),
        desired('dataset.P.b', { type: 'Filesystem' }, ['project.P']),
        desired('dataset.P.a', { type: 'PostgreSQL', params: { table: 't' } }, ['project.P']),
        desired('project.P', { name: 'P' }),
      ],
      [],
    );
    expect(result.actions.map((action) => [action.action, action.resourceId, action.after])).toEqual([
      ['create', 'project.P', []],
      ['create', 'dataset.P.a', ['project.P']],
      ['create', 'dataset.P.b', ['project.P']],
      ['create', 'recipe.P.r', ['dataset.P.a', 'dataset.P.b', 'project.P']],
    ]);
    expect(result.actions[1]).toMatchObject({ fingerprint: null, desired: { type: 'PostgreSQL', params: { table: 't' } } });
    expect(result.actions[1]?.changes).toEqual([
      { path: 'type', op: 'add', new: 'PostgreSQL' },
      { path: 'params', op: 'add', new: { table: 't' } },
    ]);
    expect(result.summary).toEqual({ add: 4, change: 0, replace: 0, destroy: 0, unchanged: 0, unmanaged: 0 });
    expect(result).toMatchObject({ formatVersion: 1, toolVersion: '9.9.9', createdAt: NOW, environment: 'dev', refreshed: true, projectKeys: ['P'], allowDestroyProject: false });
  });

  it('updates in place what differs in declared attributes only, and counts what matches', () => {
    const actual = [resource('project.P', { name: 'P', tags: ['b', 'a'] }), resource('dataset.P.a', { type: 'Filesystem', formatParams: { separator: ',', charset: 'utf8' } })];
    const result = plan([desired('project.P', { tags: ['a', 'b'] }), desired('dataset.P.a', { type: 'Filesystem', formatParams: { separator: ';' } }, ['project.P'])], actual);
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({
      action: 'update',
      resourceId: 'dataset.P.a',
      changes: [{ path: 'formatParams.separator', op: 'replace', old: ',', new: ';' }],
      fingerprint: actual[1]?.metadata.checksum,
      after: [],
    });
    expect(result.summary).toMatchObject({ change: 1, unchanged: 1 });
  });

  it('replaces an object whose type differs, saying why', () => {
    const result = plan([desired('dataset.P.a', { type: 'S3', params: { bucket: 'b' } })], [resource('dataset.P.a', { type: 'Filesystem', params: { path: 'x' } })]);
    expect(result.actions[0]).toMatchObject({ action: 'replace', reason: 'type changes from "Filesystem" to "S3"' });
    expect(result.actions[0]?.changes.map((change) => change.path)).toEqual(['type', 'params.bucket']);
    expect(result.summary.replace).toBe(1);
    expect(plan([desired('recipe.P.r', { type: 'sql_query' })], [resource('recipe.P.r', { name: 'r' })]).actions[0]?.reason).toBe('type changes from null to "sql_query"');
  });

  it('deletes only managed objects that left the configuration, recipes before their datasets, after every write', () => {
    const actual = [
      resource('project.P', { name: 'P' }, true),
      resource('dataset.P.a', { type: 'Filesystem' }, true),
      resource('dataset.P.b', { type: 'Filesystem' }, true),
      resource('recipe.P.r', { type: 'python', inputs: io('a'), outputs: io('b') }, true),
      resource('dataset.P.unmanaged', { type: 'Filesystem' }),
      resource('dataset.OTHER.elsewhere', { type: 'Filesystem' }, true),
    ];
    const result = plan([desired('project.P', { name: 'P' }), desired('dataset.P.new', { type: 'Filesystem' }, ['project.P'])], actual);
    expect(result.actions.map((action) => [action.action, action.resourceId, action.after])).toEqual([
      ['create', 'dataset.P.new', []],
      ['delete', 'recipe.P.r', []],
      ['delete', 'dataset.P.a', ['recipe.P.r']],
      ['delete', 'dataset.P.b', ['recipe.P.r']],
    ]);
    expect(result.actions[1]).toMatchObject({ fingerprint: actual[3]?.metadata.checksum, changes: [], secrets: [] });
    expect(result.actions[1]?.desired).toBeUndefined();
    expect(result.summary).toMatchObject({ add: 1, destroy: 3, unchanged: 1, unmanaged: 1 });
  });

  it('deletes a managed project only when allowed, after its children', () => {
    const actual = [resource('project.P', { name: 'P' }, true), resource('dataset.P.a', { type: 'Filesystem' }, true), resource('dataset.P.kept', { type: 'Filesystem' })];
    let error: unknown;
    try {
      plan([], actual);
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'PLAN_INVALID')).toBe(true);
    expect((error as Error).message).toBe('project.P is managed and no longer in the configuration: deleting it would delete the whole project in DSS');
    expect((error as { hint?: string }).hint).toMatch(/--allow-destroy-project/);
    const allowed = plan([], actual, { allowDestroyProject: true });
    expect(allowed.actions.map((action) => [action.resourceId, action.after])).toEqual([
      ['dataset.P.a', []],
      ['project.P', ['dataset.P.a']],
    ]);
    expect(allowed.allowDestroyProject).toBe(true);
  });

  it('refuses a plan where a declared object needs one it would delete', () => {
    const actual = [resource('dataset.P.a', { type: 'Filesystem' }, true)];
    expect(() => plan([desired('recipe.P.r', { type: 'python', inputs: io('a') }, ['dataset.P.a'])], actual)).toThrow(
      'recipe.P.r needs dataset.P.a, which left the configuration and would be deleted',
    );
  });

  it('plans secrets by variable and keyed hash, never by value', () => {
    const secrets = [{ path: ['params', 'password'], variable: 'PG_PASSWORD', value: 'hunter2' }];
    const attributes = { type: 'PostgreSQL', params: { password: '${env:PG_PASSWORD}', user: 'u' } };
    const created = plan([desired('dataset.P.a', attributes, [], secrets)], [], { redactionKey: 'team' });
    const marker = secretMarker('hunter2', ['params', 'password'], { resourceId: 'dataset.P.a', key: 'team' });
    expect(created.actions[0]?.secrets).toEqual([{ path: ['params', 'password'], variable: 'PG_PASSWORD', marker }]);
    expect(created.actions[0]?.changes).toContainEqual({ path: 'params', op: 'add', new: { password: '(sensitive value)', user: 'u' } });
    expect(JSON.stringify(created)).not.toContain('hunter2');
    const topLevel = plan([desired('dataset.P.b', { type: 'X', token: '${env:T}' }, [], [{ path: ['token'], variable: 'T', value: 'v' }])], []);
    expect(topLevel.actions[0]?.changes).toContainEqual({ path: 'token', op: 'add', new: '(sensitive value)' });
    const stored = resource('dataset.P.a', redactSecrets(attributes, { resourceId: 'dataset.P.a', key: 'team' }));
    const same = resource('dataset.P.a', redactSecrets({ type: 'PostgreSQL', params: { password: 'hunter2', user: 'u' } }, { resourceId: 'dataset.P.a', key: 'team' }));
    expect(plan([desired('dataset.P.a', attributes, [], secrets)], [same], { redactionKey: 'team' }).actions).toEqual([]);
    expect(plan([desired('dataset.P.a', attributes, [], secrets)], [stored], { redactionKey: 'team' }).actions[0]?.changes).toEqual([
      { path: 'params.password', op: 'replace', old: '(sensitive value)', new: '(sensitive value)' },
    ]);
  });

  it('names a dependency cycle', () => {
    expect(() =>
      plan(
        [
          desired('recipe.P.a', { type: 'python' }, ['dataset.P.x']),
          desired('dataset.P.x', { type: 'Filesystem' }, ['recipe.P.a']),
        ],
        [],
      ),
    ).toThrow('dependency cycle: dataset.P.x → recipe.P.a → dataset.P.x');
  });
});
