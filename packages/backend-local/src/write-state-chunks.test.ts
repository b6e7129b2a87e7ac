import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from './__fixtures__/test-support.js';
import { serializeState } from './serialize-state.js';
import { writeStateChunks } from './write-state-chunks.js';

const directory = useTemporaryDirectory();

function state(attributes: Record<string, unknown>[]): State {
  return new State({
    environment: 'dev',
    resources: attributes.map((value, index) => new Resource({ resourceId: `dataset.P.d${index}`, attributes: value as Resource['attributes'] })),
  });
}

describe('writeStateChunks', () => {
  it('writes the state-file text and finds nothing wrong with a sound state', async () => {
    const sample = state(Array.from({ length: 120 }, (_, index) => ({ n: index, name: `é ${index}` })));
    const path = join(directory.path, 'out.json');
    const handle = await open(path, 'w');
    try {
      expect(await writeStateChunks(handle, sample.toJSON())).toEqual([]);
    } finally {
      await handle.close();
    }
    expect(await readFile(path, 'latin1')).toBe(serializeState(sample));
  });

  it('finds attributes changed after their checksum was computed', async () => {
    const sample = state([{ name: 'a' }, { name: 'b' }]);
    (sample.getResource('dataset.P.d1')?.attributes as Record<string, unknown>).name = 'changed';
    const handle = await open(join(directory.path, 'out.json'), 'w');
    try {
      expect(await writeStateChunks(handle, sample.toJSON())).toEqual([
        '/resources/dataset.P.d1/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)',
      ]);
    } finally {
      await handle.close();
    }
  });
});
