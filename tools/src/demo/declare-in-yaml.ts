import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmulatorServer } from '@dataiku-iac/dss-emulator';
import { runCli } from '@dataiku-iac/manager';
import { parseDocument } from 'yaml';

export interface DeclareInYamlOptions {
  readonly say: (text?: string) => void;
  readonly server: EmulatorServer;
  readonly workDirectory: string;
  readonly projectKey: string;
  readonly firstStep: number;
}

/** A listed secret of `dataiku-iac import`: `  VARIABLE  (resourceId path)`. */
const SECRET_LINE = /^ {2}(\w+) {2}\((\S+) (\S+)\)$/;

/**
 * The second half of the demo, as a user types it: import the project as YAML, edit the YAML,
 * plan to a file, apply that plan, then plan again and check drift: both find nothing to do.
 */
export async function declareInYaml(options: DeclareInYamlOptions): Promise<void> {
  const { say, server, workDirectory, projectKey } = options;
  let step = options.firstStep;
  const env: Record<string, string> = { DATAIKU_HOST: server.url, DATAIKU_API_KEY: server.emulator.apiKey };
  const dataikuIac = async (...argv: string[]): Promise<string> => {
    say(`\n   $ dataiku-iac ${argv.join(' ')}`);
    let printed = '';
    const stream = { write: (text: string) => (printed += text) };
    const code = await runCli([...argv, '--env', 'demo', '--no-color'], { stdout: stream, stderr: stream, env, cwd: workDirectory });
    say(indent(printed.trimEnd(), '     '));
    if (code !== 0 && code !== 2) throw new Error(`dataiku-iac ${argv[0] ?? ''} exited with ${code}`);
    return printed;
  };

  say(`\n${step++}. Declaring ${projectKey} in YAML: import writes DSS as it is now and adopts it as managed`);
  const imported = await dataikuIac('import', '--project', projectKey, '--dir', 'config');
  for (const line of imported.split('\n')) {
    const [, variable, resourceId, path] = SECRET_LINE.exec(line) ?? [];
    if (variable !== undefined && resourceId !== undefined && path !== undefined) env[variable] = secretFromEmulator(server, resourceId, path);
  }
  say('   (the demo plays your secret store: it reads those values from the emulator)');

  say(`\n${step++}. Editing the configuration:`);
  const yamlFile = join(workDirectory, 'config', `${projectKey}.yaml`);
  const document = parseDocument(await readFile(yamlFile, 'utf8'));
  const datasets = ['projects', projectKey, 'datasets'];
  document.setIn([...datasets, 'customers_prepared', 'formatParams', 'separator'], '\t');
  say('   - customers_prepared: separator back to a tab');
  document.setIn([...datasets, 'top_customers', 'tags'], ['kpi', 'gold']);
  say('   - top_customers: tagged gold');
  document.deleteIn([...datasets, 'customers_archive']);
  say('   - customers_archive: removed');
  document.setIn([...datasets, 'customers_by_segment'], {
    type: 'Filesystem',
    params: { connection: 'filesystem_managed', path: '${projectKey}/customers_by_segment' },
    formatType: 'parquet',
  });
  say('   - customers_by_segment: a new Parquet dataset');
  await writeFile(yamlFile, document.toString());
  const codeFile = join(workDirectory, 'config', 'recipes', projectKey, 'compute_customers_prepared.py');
  const code = await readFile(codeFile, 'utf8');
  await writeFile(codeFile, code.replace('bins=[-1, 250, 2500, float("inf")]', 'bins=[-1, 100, 1000, float("inf")]'));
  say('   - compute_customers_prepared.py: segment thresholds back to 100 and 1000');

  say(`\n${step++}. Planning: what would change in DSS (nothing is written yet)`);
  await dataikuIac('plan', '--config', 'config', '--out', 'demo.plan');

  say(`\n${step++}. Applying the saved plan`);
  await dataikuIac('apply', 'demo.plan');

  say(`\n${step}. Planning again, and checking drift: DSS now matches both the configuration and the state`);
  await dataikuIac('plan', '--config', 'config');
  await dataikuIac('drift', '--project', projectKey);
}

function secretFromEmulator(server: EmulatorServer, resourceId: string, path: string): string {
  const [, projectKey = '', name = ''] = resourceId.split('.');
  let value: unknown = server.emulator.store.getDataset(projectKey, name);
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  if (typeof value !== 'string') throw new Error(`the emulator holds no secret at ${resourceId} ${path}`);
  return value;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${prefix}${line}`))
    .join('\n');
}
