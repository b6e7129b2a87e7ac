import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONCURRENCY } from '@dataiku-iac/dss-client';
import { type EmulatorServer, generateSyntheticInstance, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { parsePlan, type Plan } from '@dataiku-iac/plan';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { networkRows, type Row } from './report.js';
import { setUpCli } from './set-up-cli.js';
import { median, repeat } from './statistics.js';

export interface ApplyBenchOptions {
  readonly cli: string;
  readonly latencyMs: number;
  readonly projects: number;
  /** Per project: datasets updated, datasets created, recipes created (writing created datasets). */
  readonly updates: number;
  readonly creates: number;
  readonly recipes: number;
  readonly runs: number;
}

interface ApplyLevel {
  /** The plan's actions at this depth of the dependency graph. */
  readonly operations: number;
  /** Requests those operations sent (median over the runs). */
  readonly requests: number;
  /** The longest run of requests one operation sends one after another (its requests / operations, rounded up). */
  readonly chain: number;
}

export interface ApplyFigures {
  readonly operations: number;
  readonly projects: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** Median wall time of `dataiku-iac apply PLANFILE`, spawn to exit, journal and checkpoints included. */
  readonly wallMs: number;
  readonly requests: number;
  readonly maxInFlight: number;
  readonly levels: readonly ApplyLevel[];
  /** Σ over levels of max(requests × latency / concurrency, chain × latency). */
  readonly idealMs: number;
}

/**
 * `dataiku-iac apply PLANFILE` of `projects × (updates + creates + recipes)` operations against the
 * emulator at `latencyMs`. Set up once without latency: a synthetic instance imported as YAML, the
 * YAML edited, the plan saved. Each run starts from the same DSS (emulator reset) and a copy of the
 * same state, and is a new process timed from spawn to exit.
 */
export async function applyBench(options: ApplyBenchOptions, log: (line: string) => void): Promise<ApplyFigures> {
  const instance = generateSyntheticInstance({ projects: options.projects, datasetsPerProject: options.updates, recipesPerProject: 0, seed: 3 });
  const server = await startEmulatorServer({ seed: instance });
  const work = await mkdtemp(join(tmpdir(), 'dataiku-iac-bench-apply-'));
  try {
    const env = { DATAIKU_HOST: server.url, DATAIKU_API_KEY: server.emulator.apiKey };
    log(`  importing ${options.projects} projects, editing their YAML, saving the plan`);
    for (const projectKey of server.emulator.store.listProjectKeys()) {
      await setUpCli(['import', '--project', projectKey, '--dir', 'config'], work, env);
      await editProject(join(work, 'config'), projectKey, options);
    }
    await setUpCli(['plan', '-c', 'config', '--out', 'bench.plan'], work, env, 2);
    const plan = parsePlan(await readFile(join(work, 'bench.plan'), 'utf8'), 'bench.plan');
    const expected = options.projects * (options.updates + options.creates + options.recipes);
    if (plan.actions.length !== expected) throw new Error(`apply bench: the plan has ${plan.actions.length} actions, expected ${expected}`);
    const baseState = join(work, '.dataiku', 'state', 'dev.state.json');
    log(`  apply of ${expected} operations (${options.runs} runs after a warm-up, each from the same DSS and state)`);
    const runs = await repeat(options.runs, async (run) => {
      server.emulator.reset();
      const directory = join(work, `run${run}`);
      await mkdir(directory);
      const stateFile = join(directory, 'dev.state.json');
      await copyFile(baseState, stateFile);
      server.emulator.latencyMs = options.latencyMs;
      const start = performance.now();
      const code = await new Promise<number | null>((resolve) => {
        spawn(process.execPath, [options.cli, 'apply', 'bench.plan', '--state-file', stateFile], { cwd: work, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' }).on('exit', resolve);
      });
      const wallMs = performance.now() - start;
      server.emulator.latencyMs = 0;
      if (code !== 0) throw new Error(`apply bench: apply exited ${String(code)}`);
      checkWrites(server, plan);
      const { totalRequests, maxInFlight, byRoute } = server.emulator.stats.snapshot();
      return { wallMs, requests: totalRequests, maxInFlight, byRoute };
    });
    const levels = levelsOf(plan, runs.map((run) => run.byRoute));
    const idealMs = levels.reduce((sum, level) => sum + Math.max((level.requests * options.latencyMs) / DEFAULT_CONCURRENCY, level.chain * options.latencyMs), 0);
    return {
      operations: expected,
      projects: options.projects,
      latencyMs: options.latencyMs,
      concurrency: DEFAULT_CONCURRENCY,
      wallMs: median(runs.map((run) => run.wallMs)),
      requests: median(runs.map((run) => run.requests)),
      maxInFlight: Math.max(...runs.map((run) => run.maxInFlight)),
      levels,
      idealMs,
    };
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Change `updates` datasets of an imported project, declare `creates` new ones and `recipes` Python recipes writing them. */
async function editProject(directory: string, projectKey: string, options: ApplyBenchOptions): Promise<void> {
  const file = join(directory, `${projectKey}.yaml`);
  const document = parseDocument(await readFile(file, 'utf8'));
  const datasets = document.getIn(['projects', projectKey, 'datasets']);
  if (!isMap(datasets)) throw new Error(`apply bench: ${file} declares no datasets`);
  const existing = (datasets as YAMLMap<{ value: string }>).items.map((item) => item.key.value);
  for (const name of existing.slice(0, options.updates)) datasets.setIn([name, 'description'], `Updated by the apply benchmark (${name}).`);
  for (let index = 0; index < options.creates; index++) {
    const name = `bench_created_${index}`;
    datasets.set(name, { type: 'Filesystem', params: { connection: 'filesystem_managed', path: `\${projectKey}/${name}` }, formatType: 'csv', formatParams: { separator: ',' } });
  }
  await mkdir(join(directory, 'recipes', projectKey), { recursive: true });
  for (let index = 0; index < options.recipes; index++) {
    const name = `bench_recipe_${index}`;
    const input = existing[index % existing.length] as string;
    const output = `bench_created_${index}`;
    const codeFile = `recipes/${projectKey}/${name}.py`;
    await writeFile(join(directory, codeFile), `import dataiku\n\ndf = dataiku.Dataset("${input}").get_dataframe()\ndataiku.Dataset("${output}").write_with_schema(df)\n`);
    document.setIn(['projects', projectKey, 'recipes', name], { type: 'python', inputs: [input], outputs: [output], code_file: codeFile });
  }
  await writeFile(file, document.toString());
}

/** Every planned object written exactly once, as planned. */
function checkWrites(server: EmulatorServer, plan: Plan): void {
  for (const action of plan.actions) {
    const count = server.emulator.stats.writes(action.resourceId);
    const written = action.action === 'create' ? count.creates : count.updates;
    if (written !== 1 || count.creates + count.updates + count.deletes !== 1) {
      throw new Error(`apply bench: ${action.resourceId} was written ${JSON.stringify(count)}, expected one ${action.action}`);
    }
  }
}

/**
 * The plan's dependency levels with the requests each level's operations sent. Requests are
 * attributed by route: recipe routes to the recipes' level, every other route to the datasets'.
 * The benchmark's plan puts each resource type at one level.
 */
function levelsOf(plan: Plan, byRoute: readonly Record<string, number>[]): ApplyLevel[] {
  const depth = new Map<string, number>();
  for (const action of plan.actions) depth.set(action.resourceId, Math.max(0, ...action.after.map((id) => (depth.get(id) ?? -1) + 1)));
  const levelOfType = new Map<string, number>();
  for (const action of plan.actions) {
    const level = depth.get(action.resourceId) ?? 0;
    if ((levelOfType.get(action.resourceType) ?? level) !== level) throw new Error(`apply bench: ${action.resourceType}s at two dependency levels`);
    levelOfType.set(action.resourceType, level);
  }
  const requestsOf = (recipes: boolean): number =>
    median(byRoute.map((routes) => Object.entries(routes).filter(([route]) => route.includes('/recipes') === recipes).reduce((sum, [, count]) => sum + count, 0)));
  return [...new Set(levelOfType.values())].sort().map((level) => {
    const types = [...levelOfType].filter(([, at]) => at === level).map(([type]) => type);
    const operations = plan.actions.filter((action) => types.includes(action.resourceType)).length;
    const requests = types.includes('recipe') ? requestsOf(true) : requestsOf(false);
    return { operations, requests, chain: Math.ceil(requests / operations) };
  });
}

/** The report's rows for these figures. */
export function applyRows(figures: ApplyFigures): Row[] {
  const name = `apply PLANFILE (${figures.operations} creates and updates, ${figures.projects} projects, L=${figures.latencyMs} ms)`;
  const levels = figures.levels.map((level) => `${level.operations} ops, ${level.requests} req`).join(' then ');
  return networkRows(name, figures, `by level: ${levels}`);
}
