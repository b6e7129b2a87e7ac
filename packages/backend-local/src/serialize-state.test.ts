import { Resource, State, type StateJson, toCanonicalOrder } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { verifyChunk } from './scan/verify-chunk.js';
import { verifyChunkByParsing } from './scan/verify-chunk-by-parsing.js';
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

  it('say which resources each chunk holds, and every chunk verifies them', () => {
    const json = state(7).toJSON();
    const chunks = [...stateFileChunks(json, 3)];
    expect(chunks.map((chunk) => chunk.resourceIds.length)).toEqual([0, 3, 3, 1, 0]);
    for (const chunk of chunks.filter((candidate) => candidate.resourceIds.length > 0)) {
      expect(verifyChunk(Buffer.from(chunk.text, 'latin1')).sort()).toEqual([...chunk.resourceIds].sort());
      expect(verifyChunkByParsing(Buffer.from(chunk.text, 'latin1')).sort()).toEqual([...chunk.resourceIds].sort());
    }
  });

  it('serializeState is the whole text', () => {
    const sample = state(5);
    expect(serializeState(sample)).toBe(escaped(sample.toJSON()));
    expect(serializeState(sample)).toMatch(/^[\x20-\x7e\n]*$/);
  });
});

describe('verifyChunk', () => {
  it('confirms nothing in a tampered chunk', () => {
    const [, chunk] = [...stateFileChunks(state(2).toJSON(), 2)];
    const tampered = (chunk?.text ?? '').replace('Pr\\u00e9vision 0', 'Pr\\u00e9vision X');
    expect(verifyChunk(Buffer.from(tampered, 'latin1'))).toEqual(['dataset.P.d0001']);
  });
});

describe('verifyChunkByParsing', () => {
  const chunk = (): string => [...stateFileChunks(state(2).toJSON(), 2)][1]?.text ?? '';
  const verify = (text: string): string[] => verifyChunkByParsing(Buffer.from(text, 'latin1'));

  it('confirms nothing in a tampered resource', () => {
    expect(verify(chunk().replace('Pr\\u00e9vision 0', 'Pr\\u00e9vision X'))).toEqual(['dataset.P.d0001']);
  });

  it('confirms nothing in text that is not whole resources, or resources of the wrong shape', () => {
    expect(verify(chunk().slice(0, -5))).toEqual([]);
    expect(verify('"a": 1}, "resources": 5, "z": {"b": 2')).toEqual([]);
    expect(verify('"dataset.P.a": 1, "dataset.P.b": {"metadata": {}}, "dataset.P.c": {"attributes": {}, "metadata": []}')).toEqual([]);
    const deep = `${'['.repeat(600)}${']'.repeat(600)}`;
    expect(verify(`"dataset.P.d": {"attributes": {"x": ${deep}}, "metadata": {"checksum": "0"}}`)).toEqual([]);
  });
});
