import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { stateFileChunks } from './serialize-state.js';
import { verifyResourceChunk } from './verify-resource-chunk.js';

function state(attributes: Record<string, unknown>[]): State {
  return new State({
    environment: 'dev',
    resources: attributes.map((value, index) => new Resource({ resourceId: `dataset.P.d${index}`, attributes: value as Resource['attributes'] })),
  });
}

/** The text and ids of the one chunk holding every resource of `sample`. */
function resourceChunk(sample: State): { text: string; ids: readonly string[] } {
  const chunk = [...stateFileChunks(sample.toJSON(), 1000)][1];
  return { text: chunk?.text ?? '', ids: chunk?.resourceIds ?? [] };
}

const verify = (text: string, ids: readonly string[]): string[] => verifyResourceChunk(Buffer.from(text, 'latin1'), ids);

describe('verifyResourceChunk', () => {
  it('parses back and checks the attributes the scan cannot confirm', () => {
    // Keys out of canonical order and a float Python prints otherwise: both left to parsing.
    const { text, ids } = resourceChunk(state([{ b: 1, a: 2 }, { small: 1e-7 }, { name: 'plain' }]));
    expect(verify(text, ids)).toEqual([]);
    expect(verify(text.replace('"b": 1', '"b": 3'), ids)).toEqual([
      '/resources/dataset.P.d0/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)',
    ]);
  });

  it('reports a resource missing from the text, or text that is not JSON', () => {
    const { text, ids } = resourceChunk(state([{ b: 1, a: 2 }]));
    expect(verify(text, [...ids, 'dataset.P.gone'])).toEqual(['/resources/dataset.P.gone: missing from the text written']);
    expect(verify(text.slice(0, -3), ids)[0]).toMatch(/^the text written for dataset\.P\.d0 is not valid JSON: /);
  });

  it('reports duplicate keys', () => {
    const { text, ids } = resourceChunk(state([{ a: 1 }]));
    expect(verify(text.replace('"a": 1', '"a": 1, "a": 1'), ids)).toContain('/resources/dataset.P.d0/attributes: duplicate key "a"');
  });
});
