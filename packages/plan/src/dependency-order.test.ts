import { describe, expect, it } from 'vitest';
import { dependencyOrder } from './dependency-order.js';

describe('dependencyOrder', () => {
  const needs: Record<string, string[]> = {
    'recipe.P.r': ['project.P', 'dataset.P.in', 'dataset.P.out'],
    'dataset.P.in': ['project.P'],
    'dataset.P.out': ['project.P'],
    'dataset.Q.x': ['project.Q', 'dataset.P.in'],
  };
  const of = (id: string): string[] => needs[id] ?? [];

  it('puts everything after what it needs; among those ready, projects, datasets, recipes, by id', () => {
    expect(dependencyOrder(['recipe.P.r', 'dataset.P.out', 'dataset.Q.x', 'project.P', 'dataset.P.in', 'project.Q'], of)).toEqual([
      'project.P',
      'project.Q',
      'dataset.P.in',
      'dataset.P.out',
      'dataset.Q.x',
      'recipe.P.r',
    ]);
  });

  it('ignores needs outside the set', () => {
    expect(dependencyOrder(['recipe.P.r', 'dataset.P.in'], of)).toEqual(['dataset.P.in', 'recipe.P.r']);
  });

  it('names a cycle', () => {
    const cyclic: Record<string, string[]> = { 'recipe.P.a': ['dataset.P.x'], 'dataset.P.x': ['recipe.P.b'], 'recipe.P.b': ['dataset.P.y'], 'dataset.P.y': ['recipe.P.a'], 'project.P': [] };
    expect(() => dependencyOrder(Object.keys(cyclic), (id) => cyclic[id] ?? [])).toThrow(
      'dependency cycle: dataset.P.x → recipe.P.b → dataset.P.y → recipe.P.a → dataset.P.x',
    );
  });
});
