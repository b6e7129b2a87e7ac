import { Resource, State, type StateJson, toCanonicalOrder } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { serializeState, stateFileChunks } from './serialize-state.js';

function state(count: number): State {
  return new State({
    environment: 'dev',
    lineage: 'l',
    resources: Array.from({ length: count }, (_, index) =>
      new Resource({ resourceId: `dataset.P.d${String(index).padStart(4, '0')}`, attributes: toCanonicalOrder({ name: `Prévision ${index} 😀`, n: index, list: [1, { a: null }] }) }),
    ),
  });
}

function escaped(json: StateJson): string {
  return `${JSON.stringify(json, null, 2)}\n`.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('stateFileChunks', () => {
  it.each([0, 1, 2, 7, 20])('concatenate to JSON.stringify(state, null, 2), escaped, for %i resources', (count) => {
    const json = state(count).toJSON();
    for (const size of [1, 3, 2048]) {
      expect([...stateFileChunks(json, size)].map((chunk) => chunk.text).join('')).toBe(escaped(json));
    }
  });

  it('say which resources each chunk holds', () => {
    const chunks = [...stateFileChunks(state(7).toJSON(), 3)];
    expect(chunks.map((chunk) => chunk.resourceIds)).toEqual([[], ['dataset.P.d0000', 'dataset.P.d0001', 'dataset.P.d0002'], ['dataset.P.d0003', 'dataset.P.d0004', 'dataset.P.d0005'], ['dataset.P.d0006'], []]);
  });

  it('serializeState is the whole text', () => {
    const sample = state(5);
    expect(serializeState(sample)).toBe(escaped(sample.toJSON()));
    expect(serializeState(sample)).toMatch(/^[\x20-\x7e\n]*$/);
  });
});
