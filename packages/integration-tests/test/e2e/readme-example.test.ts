import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorServer, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, useWorkDirectory } from './run-cli.js';

const README = fileURLToPath(new URL('../../../../README.md', import.meta.url));
const work = useWorkDirectory();
let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The YAML of the README's "The configuration" section. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(README, 'utf8');
  const section = readme.slice(readme.indexOf('## The configuration'));
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  if (match?.[1] === undefined) throw new Error('README.md: no YAML example under "## The configuration"');
  return match[1];
}

describe("the README's configuration example", () => {
  it('plans, applies, and then plans with no changes against an empty DSS', async () => {
    server = await startEmulatorServer({ seed: 'empty' });
    const connection = { url: server.url, apiKey: server.emulator.apiKey };
    await mkdir(join(work.path, 'recipes'));
    await writeFile(join(work.path, 'dataiku.yaml'), await readmeExample());
    await writeFile(join(work.path, 'recipes', 'clean_customers.py'), 'import dataiku\n\ndf = dataiku.Dataset("customers").get_dataframe()\ndataiku.Dataset("customers_clean").write_with_schema(df.dropna())\n');
    await writeFile(join(work.path, 'recipes', 'join_customers.sql'), 'SELECT o.*, c.country FROM orders o JOIN customers_clean c USING (customer_id)\n');
    const env = { PG_CRM_PASSWORD: 'crm-secret' };
    const plan = await runCli(work.path, connection, ['plan', '--out', 'tfplan'], env);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('Plan: 10 to add, 0 to change, 0 to replace, 0 to destroy.');
    expect(plan.code).toBe(2);
    const apply = await runCli(work.path, connection, ['apply', 'tfplan'], env);
    expect(apply.stdout).toContain('Apply complete! Resources: 10 added, 0 changed, 0 replaced, 0 destroyed.');
    expect(apply.code).toBe(0);
    const again = await runCli(work.path, connection, ['plan'], env);
    expect(again.stderr).toBe('');
    expect(again).toMatchObject({ code: 0, stdout: 'No changes. DSS matches the configuration (10 declared objects).\n' });
    expect(await readFile(join(work.path, '.dataiku', 'state', 'dev.state.json'), 'utf8')).not.toContain('crm-secret');
  });
});
