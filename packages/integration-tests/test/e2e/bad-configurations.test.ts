import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, useWorkDirectory } from './run-cli.js';

/** The corpus of bad configurations of @dataiku-iac/config (each with its exact message there). */
const BAD = fileURLToPath(new URL('../../../config/src/__fixtures__/bad/', import.meta.url));
const work = useWorkDirectory();
// Planned against an empty state file: nothing to reach; a DSS that is never called.
const NOWHERE = { url: 'http://127.0.0.1:9', apiKey: 'unused' };

describe('a bad configuration, on the command line', () => {
  it('gives one line per problem, naming file:line:column, exit 1, nothing on stdout, for every file of the corpus', async () => {
    const files = (await readdir(BAD)).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const result = await runCli(work.path, NOWHERE, ['plan', '--refresh=false', '-c', `${BAD}${file}`], { PG_PASSWORD: 'hunter2' });
      expect({ file, code: result.code, stdout: result.stdout }).toEqual({ file, code: 1, stdout: '' });
      const lines = result.stderr.trimEnd().split('\n');
      for (const line of lines) expect(line, file).toMatch(new RegExp(`^error: ${BAD.replaceAll('.', '\\.')}[^:]+\\.(yaml|py|sql):\\d+:\\d+: \\S`));
      expect(result.stderr).not.toContain('hunter2');
    }
  }, 600_000); // a bound for a hang: one CLI process per bad file, on a machine that may be busy
});
