import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY } from '@dataiku-iac/dss-client';
import { applyBench, applyRows } from './apply-bench.js';
import { configBench, configRows } from './config-bench.js';
import { networkBench } from './network-bench.js';
import { benchmarkNotes } from './notes.js';
import { planBench, planRows } from './plan-bench.js';
import { postgresBench, postgresRows } from './postgres-bench.js';
import { buildReport, machineDescription, renderMarkdownTable, renderTable, type Row, stateDescription } from './report.js';
import { stateBench } from './state-bench.js';

/**
 * `pnpm bench`: every benchmark, a table on stdout, and BENCHMARKS.md at the repository root.
 * `--quick` runs tiny sizes (a smoke test, not a measurement); `--output PATH` writes elsewhere;
 * `--only PART` runs one part and prints it without writing BENCHMARKS.md.
 */
const PARTS = ['network', 'state', 'postgres', 'config', 'plan', 'apply'] as const;
type Part = (typeof PARTS)[number];
const USAGE = `Usage: pnpm bench [--quick] [--runs N] [--only ${PARTS.join('|')}] [--output PATH]

Runs every benchmark, prints a table and writes BENCHMARKS.md (not with --only).
  --quick          tiny sizes: a smoke test, the figures mean nothing
  --runs N         measured runs per figure after the warm-up (default 5)
  --only PART      run only one part (${PARTS.join(', ')}); writes nothing
  --output PATH    write the report here instead of BENCHMARKS.md
`;

function fail(message: string): never {
  process.stderr.write(`bench: ${message} (see pnpm bench --help)\n`);
  process.exit(1);
}

function parseOptions(): { quick?: boolean; output?: string; runs?: string; only?: string; help?: boolean } {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean' },
        output: { type: 'string' },
        runs: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
}

const values = parseOptions();
if (values.help === true) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 5));
if (!Number.isInteger(runs) || runs < 1) fail(`--runs takes a whole number of at least 1, not ${values.runs}`);
const only = values.only;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) fail(`--only takes ${PARTS.join(', ')}, not ${only}`);
const selected = (name: Part): boolean => only === undefined || only === name;
const root = fileURLToPath(new URL('../../', import.meta.url));
const output = values.output ?? join(root, 'BENCHMARKS.md');
const cli = join(dirname(createRequire(import.meta.url).resolve('@dataiku-iac/manager/package.json')), 'dist', 'cli.js');
const child = fileURLToPath(new URL('./bench-child.js', import.meta.url));
const minimalClient = fileURLToPath(new URL('./minimal-client.js', import.meta.url));
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const started = new Date();
log(`Dataiku IaC benchmarks${quick ? ' (quick: tiny sizes, figures are not meaningful)' : ''}`);
if (selected('network')) log('Sync over a slow network');
const network = !selected('network') ? { objects: 0, latencyMs: 0, results: [] } : await networkBench(
  quick
    ? { cli, latencyMs: 5, projects: 2, datasetsPerProject: 10, recipesPerProject: 5, runs, slowRuns: 1 }
    : { cli, latencyMs: 20, projects: 20, datasetsPerProject: 40, recipesPerProject: 20, runs, slowRuns: 3 },
  log,
);
if (selected('state')) log('State at scale');
const state = !selected('state') ? { resources: 0, attributeBytes: 0, fileBytes: 0, operations: [], checksum: { nsPerByte: [], allResourcesMs: 0 } } : await stateBench({ child, resources: quick ? 2_000 : 100_000, runs }, log);
const more: Row[] = [];
if (selected('postgres')) {
  log('State through PostgreSQL');
  more.push(...postgresRows(await postgresBench({ child, resources: quick ? 2_000 : 100_000, runs, changed: 10 }, log)));
}
if (selected('config')) {
  log('Loading a configuration');
  more.push(...configRows(await configBench({ objects: quick ? 300 : 10_000, runs }, log)));
}
if (selected('plan')) {
  log('Plan');
  const sizes = quick ? { latencyMs: 5, projects: 2, datasetsPerProject: 10, recipesPerProject: 5, offlineResources: 1_000 } : { latencyMs: 20, projects: 20, datasetsPerProject: 40, recipesPerProject: 20, offlineResources: 100_000 };
  more.push(...planRows(await planBench({ cli, child, minimalClient, runs, ...sizes }, log)));
}
if (selected('apply')) {
  log('Apply');
  const sizes = quick ? { latencyMs: 5, projects: 2, updates: 3, creates: 2, recipes: 1 } : { latencyMs: 20, projects: 20, updates: 12, creates: 8, recipes: 5 };
  more.push(...applyRows(await applyBench({ cli, runs, ...sizes }, log)));
}
const report = buildReport(network, state, more);

const table = renderTable(report.rows);
const described = stateDescription(state);
process.stdout.write(`\n${table}\n\n${described === '' ? '' : `${described}\n`}${report.allMet ? 'Every target is met.' : 'Some targets are MISSED.'}\n`);
const markdown = [
  '# Benchmarks',
  '',
  `Measured by \`pnpm bench\` on ${started.toISOString().slice(0, 10)}: ${machineDescription()}.`,
  `Each figure is the median of ${runs} runs after a warm-up run (sync and drift at concurrency 1: ${quick ? 1 : 3} runs); ratios compare figures measured in the same run.`,
  'Regenerate this file with `pnpm bench`.',
  '',
  renderMarkdownTable(report.rows),
  '',
  ...(described === '' ? [] : [described, '']),
  report.allMet ? 'Every target is met.' : 'Some targets are **missed**.',
  '',
  benchmarkNotes(DEFAULT_CONCURRENCY),
].join('\n');
if (only === undefined) {
  await writeFile(output, `${markdown}\n`);
  log(`Wrote ${output}`);
}
process.exitCode = report.allMet || quick ? 0 : 1;
