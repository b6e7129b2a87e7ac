import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyBench, applyRows } from '../src/bench/apply-bench.js';
import { configBench, configRows } from '../src/bench/config-bench.js';
import { networkBench } from '../src/bench/network-bench.js';
import { planBench, planRows } from '../src/bench/plan-bench.js';
import { benchmarkNotes } from '../src/bench/notes.js';
import { buildReport, machineDescription, renderMarkdownTable, renderTable, stateDescription } from '../src/bench/report.js';
import { stateBench } from '../src/bench/state-bench.js';
import { median, repeat } from '../src/bench/statistics.js';

/** `pnpm bench` at toy sizes: the harness runs end to end and reports every figure (not a measurement). */
const cli = join(dirname(createRequire(import.meta.url).resolve('@dataiku-iac/manager/package.json')), 'dist', 'cli.js');
const child = fileURLToPath(new URL('../dist/bench-child.js', import.meta.url));
const minimalClient = fileURLToPath(new URL('../dist/minimal-client.js', import.meta.url));
const quiet = (): void => undefined;

describe('the benchmark harness', () => {
  it('measures sync and drift over the emulated network, counting requests and requests in flight', async () => {
    const network = await networkBench({ cli, latencyMs: 2, projects: 2, datasetsPerProject: 3, recipesPerProject: 2, runs: 1, slowRuns: 1 }, quiet);
    expect(network.objects).toBe(10);
    expect(network.results.map((result) => `${result.command}@${result.concurrency}`)).toEqual(['sync --all@10', 'drift --all@10', 'sync --all@1', 'drift --all@1']);
    for (const result of network.results) {
      // The project list, four requests per project, one per dataset or recipe.
      expect(result.requests).toBe(1 + 2 * 4 + 10);
      expect(result.maxInFlight).toBeLessThanOrEqual(result.concurrency);
      expect(result.idealMs).toBe((result.requests * 2) / result.concurrency);
      expect(result.wallMs).toBeGreaterThan(0);
    }
    const state = await stateBench({ child, resources: 300, runs: 1 }, quiet);
    expect(state.resources).toBe(300);
    expect(state.attributeBytes).toBeGreaterThan(500);
    expect(stateDescription(state)).toMatch(/^State benchmarks: 300 resources whose attributes take \d+\.\d KB each on average as compact JSON \(\d+\.\d KB per resource in the indented file of [\d.]+ MB\)\.$/);
    expect(state.operations.map((operation) => operation.name)).toEqual(['load + validate', 'save (fsync)', 'diff (1% modified)', 'show']);
    for (const operation of state.operations) {
      expect(operation.ms).toBeGreaterThan(0);
      expect(operation.baselineMs).toBeGreaterThan(0);
      expect(operation.maxRssBytes).toBeGreaterThan(operation.inputBytes);
    }
    expect(state.checksum.nsPerByte.map((entry) => entry.bytes)).toHaveLength(4);
    const report = buildReport(network, state);
    expect(report.rows).toHaveLength(8 + 8 + 2);
    expect(renderTable(report.rows).split('\n')).toHaveLength(2 + report.rows.length);
    expect(renderMarkdownTable(report.rows)).toContain('| load + validate (300 resources');
    expect(benchmarkNotes(10)).toContain('default 10');
    expect(machineDescription()).toContain(process.version);
  });

  it('measures loading a configuration, plan (refreshed and not) and apply, and checks what they did', async () => {
    const config = await configBench({ objects: 250, runs: 1 }, quiet);
    expect(config).toMatchObject({ objects: 250, yamlFiles: 2, targetMs: 1_000 });
    const plan = await planBench({ cli, child, minimalClient, latencyMs: 2, projects: 2, datasetsPerProject: 3, recipesPerProject: 2, offlineResources: 250, runs: 1 }, quiet);
    expect(plan).toMatchObject({ objects: 2 * (1 + 3 + 2), concurrency: 10, offline: { resources: 250 } });
    expect(plan.idealMs).toBe((plan.requests * 2) / 10);
    // The minimal client sent the plan's requests (checked inside), each waiting at least L.
    expect(plan.floorMs).toBeGreaterThan((plan.requests * 2) / 10);
    expect(plan.driftMs).toBeGreaterThan((plan.requests * 2) / 10);
    expect(plan.offline.planMs).toBeGreaterThan(0);
    expect(plan.offline.loadMs).toBeGreaterThan(0);
    const apply = await applyBench({ cli, latencyMs: 2, projects: 2, updates: 3, creates: 2, recipes: 1, runs: 1 }, quiet);
    expect(apply).toMatchObject({ operations: 12, projects: 2 });
    expect(apply.levels.map((level) => level.operations)).toEqual([10, 2]);
    expect(apply.maxInFlight).toBeLessThanOrEqual(10);
    const rows = [...configRows(config), ...planRows(plan), ...applyRows(apply)];
    expect(rows.map((row) => row.target)).toEqual(['≤ 1000 ms', '≤ 1.30× ideal', '≤ limit', 'none (the floor on this machine)', 'none (plan against drift: its work beyond reading DSS)', '≤ 2.00×', 'none (its own row above)', '≤ 1.30× ideal', '≤ limit']);
  });

  it('takes medians after a warm-up', async () => {
    const seen: number[] = [];
    const results = await repeat(3, (run) => {
      seen.push(run);
      return Promise.resolve(run);
    });
    expect(seen).toEqual([-1, 0, 1, 2]);
    expect(results).toEqual([0, 1, 2]);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
