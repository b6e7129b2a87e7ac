import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { Resource, State } from '@dataiku-iac/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Checkpoints } from './checkpoints.js';

let directory = '';
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-checkpoints-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const dataset = (name: string): Resource => new Resource({ resourceId: `dataset.P.${name}`, attributes: { name } });

describe('Checkpoints', () => {
  it('saves in the background; saves asked for meanwhile become one, of the state as it is then', async () => {
    const backend = new LocalFileBackend({ stateFile: join(directory, 'dev.state.json') });
    const state = new State({ environment: 'dev' });
    const checkpoints = new Checkpoints(backend, state);
    state.addResource(dataset('a'));
    checkpoints.request();
    state.addResource(dataset('b'));
    for (let index = 0; index < 5; index++) checkpoints.request();
    state.addResource(dataset('c'));
    const final = await checkpoints.final();
    // One save of a, one of a–c (the five requests), and a final one with nothing new to write.
    expect(final).toMatchObject({ written: false, serial: 2 });
    expect(state.serial).toBe(2);
    expect((await backend.load()).resourceIds()).toEqual(['dataset.P.a', 'dataset.P.b', 'dataset.P.c']);
    expect((await backend.history()).map((version) => version.serial)).toEqual([2, 1]);
    expect(checkpoints.error).toBeUndefined();
  });

  it('keeps the first failure of a background save, and the final save fails the same way', async () => {
    const stateFile = join(directory, 'dev.state.json');
    const other = new State({ environment: 'dev' });
    other.addResource(dataset('theirs'));
    await new LocalFileBackend({ stateFile }).save(other);
    const state = new State({ environment: 'dev' });
    const checkpoints = new Checkpoints(new LocalFileBackend({ stateFile }), state);
    state.addResource(dataset('ours'));
    checkpoints.request();
    await expect(checkpoints.final()).rejects.toMatchObject({ code: 'STATE_CONFLICT' });
    expect(checkpoints.error).toMatchObject({ code: 'STATE_CONFLICT' });
    expect((await new LocalFileBackend({ stateFile }).load()).resourceIds()).toEqual(['dataset.P.theirs']);
  });
});
