import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { mergeProjects, projectKeysOf } from './merge-projects.js';

const at = (deployedAt: string) => ({ deployedAt, deployedBy: 'old' });

describe('mergeProjects', () => {
  const base = new State({
    resources: [
      new Resource({ resourceId: 'project.A', attributes: { n: 1 }, metadata: at('2020-01-01T00:00:00Z') }),
      new Resource({ resourceId: 'dataset.A.kept', attributes: { n: 1 }, metadata: at('2020-01-01T00:00:00Z') }),
      new Resource({ resourceId: 'dataset.A.changed', attributes: { n: 1 }, metadata: at('2020-01-01T00:00:00Z') }),
      new Resource({ resourceId: 'dataset.A.gone', attributes: { n: 1 } }),
      new Resource({ resourceId: 'project.B', attributes: { n: 1 } }),
    ],
  });

  it('replaces exactly the projects read, keeping old metadata for unchanged resources', () => {
    const read = [
      new Resource({ resourceId: 'project.A', attributes: { n: 1 } }),
      new Resource({ resourceId: 'dataset.A.kept', attributes: { n: 1 } }),
      new Resource({ resourceId: 'dataset.A.changed', attributes: { n: 2 } }),
      new Resource({ resourceId: 'dataset.A.new', attributes: { n: 1 } }),
    ];
    const merged = mergeProjects(base, ['A'], read);
    expect(merged.resourceIds()).toEqual(['dataset.A.changed', 'dataset.A.kept', 'dataset.A.new', 'project.A', 'project.B']);
    expect(merged.getResource('dataset.A.kept')).toBe(base.getResource('dataset.A.kept'));
    expect(merged.getResource('project.A')?.metadata.deployedAt).toBe('2020-01-01T00:00:00Z');
    expect(merged.getResource('dataset.A.changed')).toBe(read[2]);
    expect(merged.getResource('project.B')).toBe(base.getResource('project.B'));
    expect(base.size).toBe(5);
  });

  it('removes a project of the scope that was not read', () => {
    expect(mergeProjects(base, ['A'], []).resourceIds()).toEqual(['project.B']);
  });
});

describe('projectKeysOf', () => {
  it('lists each project once, also from orphan children', () => {
    const state = new State({ resources: [new Resource({ resourceId: 'recipe.Z.r', attributes: {} }), new Resource({ resourceId: 'project.A', attributes: {} }), new Resource({ resourceId: 'dataset.A.d', attributes: {} })] });
    expect(projectKeysOf(state)).toEqual(['A', 'Z']);
  });
});

describe('mergeProjects and the managed mark', () => {
  it('keeps the mark of a managed resource whose attributes DSS changed', () => {
    const managed = new State({ resources: [new Resource({ resourceId: 'dataset.A.d', attributes: { n: 1 }, metadata: { managed: true } })] });
    const merged = mergeProjects(managed, ['A'], [new Resource({ resourceId: 'dataset.A.d', attributes: { n: 2 } })]);
    expect(merged.getResource('dataset.A.d')?.metadata.managed).toBe(true);
    expect(merged.getResource('dataset.A.d')?.attributes).toEqual({ n: 2 });
  });
});
