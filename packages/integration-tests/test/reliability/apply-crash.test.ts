import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../e2e/run-cli.js';
import { loadState, runSeed, seededRandom, withWorkspace, type Workspace } from './helpers.js';

/**
 * Apply is crash-safe: `dataiku-iac apply` killed with SIGKILL at random moments, each kill followed
 * by another apply, ends with DSS exactly as declared, each object created once, a valid state, and
 * a plan that shows no changes. First a saved plan of 102 creates across two projects, resumed after
 * every kill; then a change of the configuration (60 updates, 20 deletes) planned afresh each time.
 * How much each killed apply gets done depends on the machine; what is checked does not.
 */

const KILLS_RESUMING = 14;
const KILLS_AFRESH = 10;
const SEED = runSeed();
const PROJECTS = ['CRASH_A', 'CRASH_B'];
const DATASETS = 30;
const RECIPES = 20;

/**
 * Two projects of 30 datasets and 20 python recipes each (recipe i reads dataset i, writes dataset
 * i+10): 102 objects. The second version changes every separator and drops recipes r10 to r19.
 */
function configuration(version: 1 | 2): string {
  const lines = ['version: 1', 'projects:'];
  for (const key of PROJECTS) {
    lines.push(`  ${key}:`, `    name: Crash test ${key}`, '    datasets:');
    for (let index = 0; index < DATASETS; index++) {
      const separator = version === 1 ? ',' : ';';
      lines.push(`      d${index}: { type: Filesystem, params: { connection: filesystem_managed, path: "\${projectKey}/d${index}" }, formatType: csv, formatParams: { separator: "${separator}" } }`);
    }
    lines.push('    recipes:');
    for (let index = 0; index < (version === 1 ? RECIPES : RECIPES / 2); index++) {
      lines.push(`      r${index}: { type: python, inputs: [d${index}], outputs: [d${index + 10}], code_file: code/r${index}.py }`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function declaredIds(recipes = RECIPES): string[] {
  return PROJECTS.flatMap((key) => [
    `project.${key}`,
    ...Array.from({ length: DATASETS }, (_, index) => `dataset.${key}.d${index}`),
    ...Array.from({ length: recipes }, (_, index) => `recipe.${key}.r${index}`),
  ]);
}

/** Lines in the apply journal (each a record: intent, outcome). */
async function journalLines(journal: string): Promise<number> {
  return (await readFile(journal, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '').length;
}

/**
 * Start `apply` and SIGKILL it once its journal has grown by `records` lines (so the kill falls
 * among its DSS writes whatever the machine's speed), unless it ended before.
 */
async function applyKilled(workspace: Workspace, argv: readonly string[], records: number): Promise<void> {
  const journal = `${workspace.stateFile}.journal`;
  let start = await journalLines(journal);
  let previous = start;
  const child = spawnCli(workspace.directory, workspace.connection, ['apply', ...argv]);
  const life = { running: true };
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      life.running = false;
      resolve();
    });
  });
  while (life.running) {
    const lines = await journalLines(journal);
    // A fresh apply starts a new journal once it has recovered the old one: count from there.
    if (lines < previous) start = lines;
    previous = lines;
    if (lines >= start + records) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await exited;
}

async function writeConfiguration(workspace: Workspace, version: 1 | 2): Promise<void> {
  await mkdir(join(workspace.directory, 'code'), { recursive: true });
  await writeFile(join(workspace.directory, 'dataiku.yaml'), configuration(version));
  for (let index = 0; index < RECIPES; index++) await writeFile(join(workspace.directory, 'code', `r${index}.py`), `# recipe ${index}\nimport dataiku\n`);
}

describe(`apply killed with SIGKILL at ${KILLS_RESUMING + KILLS_AFRESH} random moments (seed ${SEED})`, () => {
  it(
    'ends with DSS as declared, every object created once, a valid state and nothing left to plan',
    async () => {
      await withWorkspace(
        async (workspace) => {
          const random = seededRandom(SEED);
          const killRounds = async (count: number, argv: readonly string[]): Promise<void> => {
            for (let kill = 0; kill < count; kill++) {
              await applyKilled(workspace, [...argv, '--concurrency', '4'], 1 + Math.floor(random() * 16));
              const validated = await workspace.run(['validate']);
              if (validated.code !== 0) expect(validated.stderr).toMatch(/^error: state file not found/);
            }
          };
          await writeConfiguration(workspace, 1);
          const planned = await workspace.run(['plan', '--out', 'tfplan.json']);
          expect(planned.code).toBe(2);
          expect(planned.stdout).toContain('Plan: 102 to add, 0 to change, 0 to replace, 0 to destroy.');
          await killRounds(KILLS_RESUMING, ['tfplan.json']);
          const resumed = await workspace.run(['apply', 'tfplan.json']);
          // Either the last killed apply had finished the plan (so it is stale now) or this one does.
          if (resumed.code !== 0) expect(resumed.stderr).toMatch(/changed since the plan was made.*; run plan again/);
          await writeConfiguration(workspace, 2);
          await killRounds(KILLS_AFRESH, ['--auto-approve']);
          const finished = await workspace.run(['apply', '--auto-approve']);
          // The last killed apply's lock is taken over (its process is gone): nothing else to say.
          expect(finished.stderr.replace(/^warning: took over the lock of .*: that process no longer exists\n/, ''), finished.stdout).toBe('');
          expect(finished.code).toBe(0);

          const { store, stats } = workspace.server.emulator;
          for (const id of declaredIds()) expect(stats.writes(id).creates, id).toBe(1);
          for (const key of PROJECTS) {
            expect(store.listDatasets(key).map((dataset) => (dataset.formatParams as { separator: string }).separator)).toEqual(Array.from({ length: DATASETS }, () => ';'));
            expect(store.listRecipes(key)).toHaveLength(RECIPES / 2);
          }
          const state = await loadState(workspace.stateFile);
          expect(state.resourceIds()).toEqual([...declaredIds(RECIPES / 2)].sort());
          expect(state.listResources().every((resource) => resource.metadata.managed)).toBe(true);
          expect((await workspace.run(['plan'])).code).toBe(0);
          expect((await workspace.run(['drift'])).code).toBe(0);
          expect((await workspace.run(['show', '--journal'])).stdout).toMatch(/^No interrupted apply/);
        },
        { seed: 'empty', latencyMs: 30 },
      );
    },
    600_000,
  );
});
