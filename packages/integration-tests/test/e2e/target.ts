import { randomBytes } from 'node:crypto';
import { type DatasetCreation, DssClient } from '@dataiku-iac/dss-client';
import { startEmulatorServer, type EmulatorServer } from '@dataiku-iac/dss-emulator';

/**
 * Where the end-to-end tests run: the embedded emulator by default, or a real DSS when
 * DATAIKU_HOST, DATAIKU_API_KEY and TEST_PROJECT_KEY are all set. Against a real DSS the tests
 * only create, change and delete datasets named `iac_it_*` in TEST_PROJECT_KEY, and delete them
 * again afterwards.
 */
export const REAL_DSS = process.env.DATAIKU_HOST !== undefined && process.env.DATAIKU_API_KEY !== undefined && process.env.TEST_PROJECT_KEY !== undefined;

export interface Target {
  readonly url: string;
  readonly apiKey: string;
  /** A project with datasets and recipes. */
  readonly projectKey: string;
  /** A client for changes made "through the DSS API" by the tests. */
  readonly client: DssClient;
  /** The emulator, when the target is the emulator. */
  readonly server: EmulatorServer | undefined;
  /** A dataset name no one else uses, deleted again by `close`. */
  scratchName(): string;
  close(): Promise<void>;
}

export async function openTarget(): Promise<Target> {
  const server = REAL_DSS ? undefined : await startEmulatorServer({ seed: 'demo' });
  const url = server?.url ?? variable('DATAIKU_HOST');
  const apiKey = server?.emulator.apiKey ?? variable('DATAIKU_API_KEY');
  const projectKey = server === undefined ? variable('TEST_PROJECT_KEY') : 'CUSTOMER_ANALYTICS';
  const client = new DssClient({ host: url, apiKey, env: {} });
  const scratch: string[] = [];
  return {
    url,
    apiKey,
    projectKey,
    client,
    server,
    scratchName() {
      const name = `iac_it_${randomBytes(4).toString('hex')}`;
      scratch.push(name);
      return name;
    },
    async close() {
      for (const name of scratch) {
        await client.deleteDataset(projectKey, name, { dropData: true }).catch(() => undefined);
      }
      await client.close();
      await server?.close();
    },
  };
}

/** A small Filesystem dataset, as `create_dataset` would make it. */
export function scratchDataset(projectKey: string, name: string): DatasetCreation {
  return {
    projectKey,
    name,
    type: 'Filesystem',
    params: { connection: 'filesystem_managed', path: `\${projectKey}/${name}` },
    formatType: 'csv',
    formatParams: { style: 'excel', separator: ',', parseHeaderRow: true },
  };
}

function variable(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}
