import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { type Configuration, loadConfiguration } from '@dataiku-iac/config';
import { DEFAULT_CONCURRENCY } from '@dataiku-iac/dss-client';
import { type EmulatorServer, generateSyntheticInstance, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { type JsonObject, type JsonValue, Resource, secretMarker, State, toCanonicalOrder } from '@dataiku-iac/models';
import { generateConfiguration } from './config-bench.js';
import { networkRows, ratio, type Row } from './report.js';
import { runChild } from './run-child.js';
import { setUpCli } from './set-up-cli.js';
import { formatMs, median, repeat } from './statistics.js';

export interface PlanBenchOptions {
  readonly cli: string;
  readonly child: string;
  /** minimal-client.js: the same requests with nothing else, for the machine's floor. */
  readonly minimalClient: string;
  readonly latencyMs: number;
  readonly projects: number;
  readonly datasetsPerProject: number;
  readonly recipesPerProject: number;
  /** Resources of the configuration and state planned with `--refresh=false`. */
  readonly offlineResources: number;
  readonly runs: number;
}

export interface PlanFigures {
  readonly objects: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** Median wall time of `dataiku-iac plan`, spawn to exit. */
  readonly wallMs: number;
  readonly requests: number;
  readonly maxInFlight: number;
  /** requests × latency / concurrency. */
  readonly idealMs: number;
  /** Median wall time of a minimal client sending the same GETs (spawn to exit). */
  readonly floorMs: number;
  /** Median wall time of `dataiku-iac drift --all` of the same projects, each run right after a plan run. */
  readonly driftMs: number;
  readonly offline: OfflinePlanFigures;
}

interface OfflinePlanFigures {
  readonly resources: number;
  /** Median of planning against the state file (state load, compare, render), the configuration already loaded. */
  readonly planMs: number;
  /** Median of `LocalFileBackend.load` of the same state file. */
  readonly loadMs: number;
  /** Median of loading and checking the configuration, for the whole command's cost. */
  readonly configurationMs: number;
}

/** The one secret of the generated configurations (config-bench). */
const SECRET_VALUE = 'bench';

/**
 * `dataiku-iac plan` of a synthetic instance imported as YAML, against the emulator at `latencyMs`
 * (every project refreshed, nothing to change), timed from spawn to exit like drift; then planning
 * `offlineResources` declared resources with `--refresh=false` against a state of the same
 * resources, compared with loading that state.
 */
export async function planBench(options: PlanBenchOptions, log: (line: string) => void): Promise<PlanFigures> {
  const instance = generateSyntheticInstance({ projects: options.projects, datasetsPerProject: options.datasetsPerProject, recipesPerProject: options.recipesPerProject, seed: 1 });
  const server = await startEmulatorServer({ seed: instance });
  const work = await mkdtemp(join(tmpdir(), 'dataiku-iac-bench-plan-'));
  try {
    const env = { DATAIKU_HOST: server.url, DATAIKU_API_KEY: server.emulator.apiKey };
    log(`  importing ${options.projects} projects as YAML`);
    for (const projectKey of server.emulator.store.listProjectKeys()) {
      await setUpCli(['import', '--project', projectKey, '--dir', 'config'], work, env);
    }
    server.emulator.latencyMs = options.latencyMs;
    log(`  plan at concurrency ${DEFAULT_CONCURRENCY}, each run followed by drift --all of the same projects (${options.runs} runs after a warm-up)`);
    const cliRun = async (args: readonly string[]): Promise<{ readonly wallMs: number; readonly requests: number; readonly maxInFlight: number }> => {
      server.emulator.resetStats();
      const start = performance.now();
      const code = await new Promise<number | null>((resolve) => {
        spawn(process.execPath, [options.cli, ...args], { cwd: work, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' }).on('exit', resolve);
      });
      const wallMs = performance.now() - start;
      if (code !== 0) throw new Error(`plan bench: ${args[0] ?? ''} exited ${String(code)}, expected 0 (no changes)`);
      const { totalRequests, maxInFlight } = server.emulator.stats.snapshot();
      return { wallMs, requests: totalRequests, maxInFlight };
    };
    const pairs = await repeat(options.runs, async () => ({ plan: await cliRun(['plan', '-c', 'config']), drift: await cliRun(['drift', '--all']) }));
    const runs = pairs.map((pair) => pair.plan);
    const requests = median(runs.map((run) => run.requests));
    const floorMs = await minimalClientBench(options, server, work, requests, log);
    const objects = options.projects * (1 + options.datasetsPerProject + options.recipesPerProject);
    const offline = await offlinePlanBench(options, join(work, 'offline'), log);
    return {
      objects,
      latencyMs: options.latencyMs,
      concurrency: DEFAULT_CONCURRENCY,
      wallMs: median(runs.map((run) => run.wallMs)),
      requests,
      maxInFlight: Math.max(...runs.map((run) => run.maxInFlight)),
      idealMs: (requests * options.latencyMs) / DEFAULT_CONCURRENCY,
      floorMs,
      driftMs: median(pairs.map((pair) => pair.drift.wallMs)),
      offline,
    };
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The GETs a plan of every project sends (each project's metadata, settings and lists, then each
 * dataset and recipe), sent by minimal-client.js: what this machine and the emulator allow any
 * client, Node's start-up included. Checked to be as many as the plan sent.
 */
async function minimalClientBench(options: PlanBenchOptions, server: EmulatorServer, work: string, planRequests: number, log: (line: string) => void): Promise<number> {
  const { store, apiKey } = server.emulator;
  const paths = store.listProjectKeys().flatMap((key) => {
    const project = `/public/api/projects/${encodeURIComponent(key)}`;
    return [
      `${project}/metadata`,
      `${project}/settings`,
      `${project}/datasets/`,
      `${project}/recipes/`,
      ...store.listDatasets(key).map((dataset) => `${project}/datasets/${encodeURIComponent(nameOf(dataset))}`),
      ...store.listRecipes(key).map((document) => `${project}/recipes/${encodeURIComponent(nameOf(document.recipe))}`),
    ];
  });
  if (paths.length !== planRequests) throw new Error(`plan bench: the minimal client would send ${paths.length} requests, the plan sent ${planRequests}`);
  const pathsFile = join(work, 'minimal-client-paths.json');
  await writeFile(pathsFile, JSON.stringify(paths));
  log(`  the same ${paths.length} GETs from a minimal client (${options.runs} runs after a warm-up)`);
  const runs = await repeat(options.runs, async () => {
    server.emulator.resetStats();
    const start = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [options.minimalClient, server.url, apiKey, String(DEFAULT_CONCURRENCY), pathsFile], { stdio: 'ignore' }).on('exit', resolve);
    });
    const wallMs = performance.now() - start;
    if (code !== 0) throw new Error(`plan bench: the minimal client exited ${String(code)}`);
    if (server.emulator.stats.snapshot().totalRequests !== paths.length) throw new Error('plan bench: the minimal client did not send every request once');
    return wallMs;
  });
  return median(runs);
}

function nameOf(object: { readonly name?: unknown }): string {
  if (typeof object.name !== 'string') throw new Error('plan bench: an emulator object without a name');
  return object.name;
}

async function offlinePlanBench(options: PlanBenchOptions, directory: string, log: (line: string) => void): Promise<OfflinePlanFigures> {
  await mkdir(directory, { recursive: true });
  log(`  generating a configuration of ${options.offlineResources} objects and its state`);
  const configDirectory = join(directory, 'dataiku');
  await generateConfiguration(configDirectory, options.offlineResources);
  const configuration = await loadConfiguration(configDirectory, { cwd: directory, env: { WAREHOUSE_PASSWORD: SECRET_VALUE } });
  const stateFile = join(directory, 'bench.state.json');
  await new LocalFileBackend({ stateFile }).save(stateOf(configuration));
  const child = async (operation: string, ...args: string[]): Promise<number> => median(await repeat(options.runs, async () => (await runChild(options.child, operation, ...args)).ms));
  log(`  plan --refresh=false of ${options.offlineResources} resources (${options.runs} runs after a warm-up, each in a new process)`);
  const planMs = await child('plan-offline', configDirectory, stateFile);
  const loadMs = await child('load', stateFile);
  const configurationMs = await child('load-configuration', configDirectory);
  return { resources: configuration.resources.length, planMs, loadMs, configurationMs };
}

/**
 * The state right after applying `configuration`: every declared resource managed, its attributes
 * as declared plus what DSS adds on its own (which a plan must not see as a change), secrets as
 * the state's keyed hashes.
 */
function stateOf(configuration: Configuration): State {
  const state = new State({ environment: 'bench' });
  for (const desired of configuration.resources) {
    const attributes = structuredClone(desired.attributes) as Record<string, JsonValue>;
    for (const secret of desired.secrets) setAt(attributes, secret.path, secretMarker(SECRET_VALUE, secret.path, { resourceId: desired.resourceId }));
    if (desired.resourceType === 'dataset') Object.assign(attributes, { flowOptions: { crossProjectBuildBehavior: 'DEFAULT', rebuildBehavior: 'NORMAL' }, readWriteOptions: { preserveOrder: false, writeBuckets: 1 } });
    state.addResource(new Resource({ resourceId: desired.resourceId, attributes: toCanonicalOrder(attributes as JsonObject), metadata: { managed: true } }));
  }
  return state;
}

function setAt(target: Record<string, JsonValue>, path: readonly (string | number)[], value: string): void {
  let node: unknown = target;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  (node as Record<string | number, unknown>)[path.at(-1) as string | number] = value;
}

/** The report's rows for these figures. */
export function planRows(figures: PlanFigures): Row[] {
  const name = `plan (L=${figures.latencyMs} ms, ${figures.objects} objects, no changes)`;
  const { offline } = figures;
  const offlineName = `plan --refresh=false (${offline.resources} resources, no changes)`;
  return [
    ...networkRows(name, figures, `${figures.requests} req × ${figures.latencyMs} ms / ${figures.concurrency}`),
    {
      benchmark: `the same ${figures.requests} GETs from a minimal client (no state, no configuration, no ky), concurrency ${figures.concurrency}`,
      figure: formatMs(figures.floorMs),
      compared: `ideal ${formatMs(figures.idealMs)}`,
      ratio: ratio(figures.floorMs / figures.idealMs),
      target: 'none (the floor on this machine)',
      met: true,
    },
    {
      benchmark: `drift --all of the same ${figures.objects} objects, each run right after a plan run`,
      figure: formatMs(figures.driftMs),
      compared: `plan ${formatMs(figures.wallMs)}`,
      ratio: ratio(figures.wallMs / figures.driftMs),
      target: 'none (plan against drift: its work beyond reading DSS)',
      met: true,
    },
    {
      benchmark: `${offlineName}: state load, compare, render`,
      figure: formatMs(offline.planMs),
      compared: `load + validate of the state: ${formatMs(offline.loadMs)}`,
      ratio: ratio(offline.planMs / offline.loadMs),
      target: '≤ 2.00×',
      met: offline.planMs <= 2 * offline.loadMs,
    },
    {
      benchmark: `${offlineName}: with loading the configuration`,
      figure: formatMs(offline.planMs + offline.configurationMs),
      compared: `load + validate of the state: ${formatMs(offline.loadMs)}`,
      ratio: ratio((offline.planMs + offline.configurationMs) / offline.loadMs),
      target: 'none (its own row above)',
      met: true,
    },
  ];
}
