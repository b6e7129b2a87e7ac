import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/run-demo.js';

describe('the demo (pnpm demo)', () => {
  it('syncs, saves, reloads, shows the drift made through the API, then imports, plans and applies a YAML edit', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-demo-test-'));
    let output = '';
    try {
      const stateFile = await runDemo({ write: (text: string) => (output += text) }, { workDirectory: directory });
      expect(stateFile).toBe(join(directory, '.dataiku', 'state', 'demo.state.json'));
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { environment: string; serial: number; resources: Record<string, { metadata: { managed?: boolean } }> };
      expect(state).toMatchObject({ environment: 'demo', serial: 3 });
      expect(Object.keys(state.resources)).toContain('dataset.CUSTOMER_ANALYTICS.customers_by_segment');
      expect(Object.keys(state.resources)).not.toContain('dataset.CUSTOMER_ANALYTICS.customers_archive');
      expect(Object.values(state.resources).every((resource) => resource.metadata.managed === true)).toBe(true);
      expect(output).toContain('Synced 9 resources:');
      expect(output).toContain('2 credential-like values were replaced by keyed hashes');
      expect(output).toContain('No changes. 9 resources unchanged.');
      expect(output).toContain('~ formatParams.separator: "\\t" → ";"');
      expect(output).toContain('+ dataset.CUSTOMER_ANALYTICS.customers_archive');
      expect(output).toContain('Drift found: 2 modified and 1 added resources.');
      expect(output).toContain('Adopted 10 resources as managed');
      expect(output).toContain('Plan: 1 to add, 3 to change, 0 to replace, 1 to destroy.');
      expect(output).toContain('Apply complete! Resources: 1 added, 3 changed, 0 replaced, 1 destroyed.');
      expect(output).toContain('No changes. DSS matches the configuration (10 declared objects).');
      expect(output).toContain('No changes. 10 resources unchanged.');
      expect(output).not.toMatch(/error:|warning:/);
      expect(output).toContain('Demo complete.');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
