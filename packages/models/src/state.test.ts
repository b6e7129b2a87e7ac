import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Resource } from './resource.js';
import { State, type StateJson } from './state.js';

function resource(id: string, attributes: Record<string, string> = { name: id }): Resource {
  return new Resource({ resourceId: id, attributes });
}

describe('State', () => {
  it('can create an empty state', () => {
    const state = new State({ environment: 'dev' });
    expect(state.version).toBe(1);
    expect(state.serial).toBe(0);
    expect(state.lineage).toBeNull();
    expect(state.environment).toBe('dev');
    expect(state.size).toBe(0);
    expect(new State().environment).toBe('');
  });

  it('keeps its ids in order through additions and removals, and hands out copies', () => {
    const state = new State({ resources: [resource('project.B'), resource('project.A')] });
    const ids = state.resourceIds();
    expect(ids).toEqual(['project.A', 'project.B']);
    ids.push('project.Z');
    expect(state.resourceIds()).toEqual(['project.A', 'project.B']);
    state.addResource(resource('project.AA'));
    expect(state.resourceIds()).toEqual(['project.A', 'project.AA', 'project.B']);
    state.addResource(resource('project.AA', { name: 'again' }));
    state.removeResource('project.A');
    expect(state.listResources().map((item) => item.resourceId)).toEqual(['project.AA', 'project.B']);
  });

  it('adds, replaces, gets and removes resources', () => {
    const state = new State();
    state.addResource(resource('project.P'));
    expect(state.hasResource('project.P')).toBe(true);
    expect(state.getResource('project.P')?.attributes).toEqual({ name: 'project.P' });
    state.addResource(resource('project.P', { name: 'renamed' }));
    expect(state.size).toBe(1);
    expect(state.getResource('project.P')?.attributes).toEqual({ name: 'renamed' });
    expect(state.removeResource('project.P')?.resourceId).toBe('project.P');
    expect(state.removeResource('project.P')).toBeUndefined();
    expect(state.getResource('project.P')).toBeUndefined();
  });

  it('does not change the serial on edits: the backend bumps it when a save changes content', () => {
    const state = new State({ serial: 3 });
    state.addResource(resource('project.P'));
    state.removeResource('project.P');
    expect(state.serial).toBe(3);
  });

  it('lists resources sorted by id, optionally by type', () => {
    const state = new State({ resources: [resource('recipe.P.r'), resource('dataset.P.b'), resource('project.P'), resource('dataset.P.a')] });
    expect(state.listResources().map((r) => r.resourceId)).toEqual(['dataset.P.a', 'dataset.P.b', 'project.P', 'recipe.P.r']);
    expect(state.listResources('dataset').map((r) => r.resourceId)).toEqual(['dataset.P.a', 'dataset.P.b']);
    expect(state.listResources('scenario')).toEqual([]);
    expect([...state.resources.keys()]).toHaveLength(4);
  });

  it('round-trips through toJSON / fromJSON', () => {
    const original = new State({ environment: 'prod', serial: 5, lineage: 'b6a4b5e2-1f7c-4f55-8d58-2a8d1c0b7d11' });
    original.addResource(resource('project.TEST'));
    original.addResource(resource('dataset.TEST.d'));
    const restored = State.fromJSON(JSON.parse(JSON.stringify(original)) as StateJson);
    expect(restored.serial).toBe(5);
    expect(restored.lineage).toBe(original.lineage);
    expect(restored.environment).toBe('prod');
    expect(restored.updatedAt).toBe(original.updatedAt);
    expect(restored.listResources()).toEqual(original.listResources());
  });

  it('writes resources in id order', () => {
    const state = new State({ resources: [resource('recipe.P.r'), resource('dataset.P.b')] });
    expect(Object.keys(state.toJSON().resources)).toEqual(['dataset.P.b', 'recipe.P.r']);
  });

  it('clone shares resources but not the resource map', () => {
    const state = new State({ serial: 2, resources: [resource('project.P')] });
    const copy = state.clone();
    copy.removeResource('project.P');
    expect(state.hasResource('project.P')).toBe(true);
    expect(copy.serial).toBe(2);
  });

  it('fromJSON rejects another version and keys that differ from the resource id', () => {
    const json = new State({ resources: [resource('project.P')] }).toJSON();
    expect(() => State.fromJSON({ ...json, version: 2 })).toThrow('unsupported state version 2');
    expect(() => State.fromJSON({ ...json, resources: { 'project.Q': json.resources['project.P']! } })).toThrow(
      'resources key "project.Q" differs from its resource_id "project.P"',
    );
  });

  it('reads the state file written by the Python reference implementation, checksums included', () => {
    const text = readFileSync(new URL('../../../fixtures/python-reference/prod.state.json', import.meta.url), 'utf8');
    const state = State.fromJSON(JSON.parse(text) as StateJson);
    expect(state.serial).toBe(4);
    expect(state.lineage).toBeNull();
    expect(state.environment).toBe('prod');
    expect(state.size).toBe(4);
    for (const item of state.listResources()) expect(item.hasValidChecksum()).toBe(true);
    expect(state.getResource('project.CUSTOMER_ANALYTICS')?.attributes.description).toBe('Churn & LTV — équipe CRM');
    expect(state.getResource('dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS')?.metadata.deployedAt).toBe('2025-11-24T10:30:00.223456');
  });
});
