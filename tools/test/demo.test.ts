import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/run-demo.js';

describe('the demo (pnpm demo)', () => {
  it('syncs, saves, reloads, finds no changes, then shows the drift made through the API', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-demo-test-'));
    let output = '';
    try {
      const stateFile = await runDemo({ write: (text: string) => (output += text) }, { workDirectory: directory });
      expect(stateFile).toBe(join(directory, '.dataiku', 'state', 'demo.state.json'));
      expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ environment: 'demo', serial: 1 });
      expect(output).toContain('Synced 9 resources:');
      expect(output).toContain('2 credential-like values were replaced by keyed hashes');
      expect(output).toContain('No changes. 9 resources unchanged.');
      expect(output).toContain('~ formatParams.separator: "\\t" → ";"');
      expect(output).toContain('+ dataset.CUSTOMER_ANALYTICS.customers_archive');
      expect(output).toContain('Demo complete: 2 modified and 1 added resources detected.');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
