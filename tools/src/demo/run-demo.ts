import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { DiffEngine } from '@dataiku-iac/diff';
import { StateManager } from '@dataiku-iac/manager';
import { declareInYaml } from './declare-in-yaml.js';
import type { JsonObject } from '@dataiku-iac/models';
import { DssClient } from '@dataiku-iac/dss-client';
import { isRedactionMarker } from '@dataiku-iac/sync-project';
import { startEmulatorServer } from '@dataiku-iac/dss-emulator';

export interface DemoOutput {
  write(text: string): unknown;
}

const PROJECT = 'CUSTOMER_ANALYTICS';

/**
 * The demo, end to end against the embedded DSS emulator. First the state: sync a project, save,
 * reload, diff (no changes), change DSS through its REST API, sync again and show the drift. Then
 * the configuration, through the command line: import the project as YAML, edit it, plan, apply,
 * plan again (no changes) and check drift (none). Returns the path of the state file.
 */
export async function runDemo(output: DemoOutput, options: { workDirectory?: string } = {}): Promise<string> {
  const say = (text = ''): void => {
    output.write(`${text}\n`);
  };
  const server = await startEmulatorServer({ seed: 'demo' });
  try {
    const workDirectory = options.workDirectory ?? (await mkdtemp(join(tmpdir(), 'dataiku-iac-demo-')));
    say('Dataiku IaC demo, against the embedded DSS emulator: record the state and find drift, then declare DSS in YAML, plan and apply\n');
    say(`1. DSS emulator listening on ${server.url}`);

    const client = new DssClient({ host: server.url, apiKey: server.emulator.apiKey });
    const backend = new LocalFileBackend({ environment: 'demo', baseDirectory: workDirectory });
    const manager = new StateManager({ backend, dss: client, environment: 'demo', deployedBy: 'demo' });

    say(`\n2. Syncing ${PROJECT} from DSS...`);
    const state = await manager.syncProject(PROJECT, true);
    say(`   Synced ${state.size} resources:`);
    for (const resource of state.listResources()) say(`     - ${resource.resourceId}`);
    const secrets = countRedacted(state.listResources().map((resource) => resource.attributes));
    if (secrets > 0) say(`   ${secrets} credential-like values were replaced by keyed hashes (redacted:hmac-sha256:...)`);

    say('\n3. Saving state...');
    const saved = await manager.saveState(state);
    say(`   Saved to ${saved.location} (serial ${saved.serial}, lineage ${saved.lineage ?? '-'})`);

    say('\n4. Reloading state...');
    const loaded = await manager.loadState();
    say(`   Loaded ${loaded.size} resources; schema and every checksum verified`);

    say('\n5. Comparing the synced and reloaded states...');
    const engine = new DiffEngine();
    say(indent(engine.formatOutput(engine.diff(state, loaded))));

    say('\n6. Changing DSS through its REST API:');
    const dataset = await client.getDataset(PROJECT, 'customers_prepared');
    const formatParams = (dataset.formatParams ?? {}) as JsonObject;
    await client.putDataset(PROJECT, 'customers_prepared', { ...dataset, formatParams: { ...formatParams, separator: ';' } });
    say(`   - dataset customers_prepared: formatParams.separator ${JSON.stringify(formatParams.separator)} -> ";"`);
    const recipe = await client.getRecipe(PROJECT, 'compute_customers_prepared');
    const payload = typeof recipe.payload === 'string' ? recipe.payload : '';
    const edited = payload.replace('bins=[-1, 100, 1000, float("inf")]', 'bins=[-1, 250, 2500, float("inf")]');
    await client.putRecipe(PROJECT, 'compute_customers_prepared', { ...recipe, payload: edited });
    say('   - recipe compute_customers_prepared: segment thresholds edited in the Python code');
    await client.createDataset(PROJECT, { projectKey: PROJECT, name: 'customers_archive', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '${projectKey}/customers_archive' }, formatType: 'csv', formatParams: { style: 'unix', separator: ',' } });
    say('   - dataset customers_archive: created');

    say('\n7. Syncing again to detect drift...');
    const current = await manager.syncProject(PROJECT, true);
    const drift = engine.diff(loaded, current);
    say(indent(engine.formatOutput(drift)));
    const summary = engine.summary(drift);
    say(`\n   Drift found: ${summary.modified} modified and ${summary.added} added resources.`);

    await declareInYaml({ say, server, workDirectory, projectKey: PROJECT, firstStep: 8 });

    say(`\nDemo complete. The state file is ${saved.location}; inspect it with:`);
    say(`  pnpm -s dataiku-iac show --state-file ${saved.location}`);
    return saved.location;
  } finally {
    await server.close();
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `   ${line}`))
    .join('\n');
}

function countRedacted(values: readonly unknown[]): number {
  let count = 0;
  const visit = (value: unknown): void => {
    if (isRedactionMarker(value)) count++;
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return count;
}
