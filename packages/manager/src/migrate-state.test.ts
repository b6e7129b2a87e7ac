import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { hasErrorCode, Resource, State } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { useDss } from './__fixtures__/dss.js';
import { migrateState } from './migrate-state.js';

const dss = useDss();
const file = (name: string): LocalFileBackend => new LocalFileBackend({ stateFile: join(dss.directory, name) });

describe('migrateState', () => {
  it('copies a state keeping its lineage and serial, and refuses another lineage', async () => {
    const source = file('a.json');
    const state = new State({ environment: 'dev', resources: [new Resource({ resourceId: 'project.P', attributes: { name: 'p' } })] });
    await source.save(state);
    await source.save(new State({ environment: 'dev', serial: state.serial, lineage: state.lineage, resources: [new Resource({ resourceId: 'project.P', attributes: { name: 'q' } })] }));
    const copied = await migrateState(source, file('b.json'));
    expect(copied).toMatchObject({ written: true, serial: 2, lineage: state.lineage });
    expect(JSON.parse(await readFile(join(dss.directory, 'b.json'), 'utf8'))).toMatchObject({ serial: 2, lineage: state.lineage });
    expect(await migrateState(source, file('b.json'))).toMatchObject({ written: false, serial: 2 });
    const other = file('c.json');
    await other.save(new State({ environment: 'dev' }));
    const refused = await migrateState(source, other).catch((error: unknown) => error);
    expect(hasErrorCode(refused, 'STATE_CONFLICT')).toBe(true);
  });
});
