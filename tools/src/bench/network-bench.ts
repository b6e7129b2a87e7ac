import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONCURRENCY } from '@dataiku-iac/dss-client';
import { generateSyntheticInstance, startEmulatorServer } from '@dataiku-iac/dss-emulator';
import { median, repeat } from './statistics.js';

export interface NetworkBenchOptions {
  readonly cli: string;
  readonly latencyMs: number;
  readonly projects: number;
  readonly datasetsPerProject: number;
  readonly recipesPerProject: number;
  readonly runs: number;
  readonly slowRuns: number;
}

interface CommandFigures {
  readonly command: string;
  readonly concurrency: number;
  /** Median wall time of the whole `dataiku-iac` process, start to exit. */
  readonly wallMs: number;
  readonly requests: number;
  readonly maxInFlight: number;
  /** requests × latency / concurrency. */
  readonly idealMs: number;
}

export interface NetworkFigures {
  readonly objects: number;
  readonly latencyMs: number;
  readonly results: readonly CommandFigures[];
}

/**
 * `dataiku-iac sync --all` and `drift --all` against the emulator serving a synthetic instance,
 * with `latencyMs` added to every request, at the default concurrency and at concurrency 1. The
 * emulator counts requests and the most in flight at once.
 */
export async function networkBench(options: NetworkBenchOptions, log: (line: string) => void): Promise<NetworkFigures> {
  const instance = generateSyntheticInstance({ projects: options.projects, datasetsPerProject: options.datasetsPerProject, recipesPerProject: options.recipesPerProject, seed: 1 });
  const server = await startEmulatorServer({ seed: instance, latencyMs: options.latencyMs });
  const { emulator } = server;
  const work = await mkdtemp(join(tmpdir(), 'dataiku-iac-bench-'));
  const env = { PATH: process.env.PATH ?? '', DATAIKU_HOST: server.url, DATAIKU_API_KEY: emulator.apiKey };
  const run = async (args: readonly string[], cwd: string): Promise<{ wallMs: number; requests: number; maxInFlight: number }> => {
    emulator.resetStats();
    const start = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [options.cli, ...args], { cwd, env, stdio: 'ignore' }).on('exit', resolve);
    });
    const wallMs = performance.now() - start;
    if (code !== 0) throw new Error(`dataiku-iac ${args.join(' ')} exited ${String(code)}`);
    const { totalRequests, maxInFlight } = emulator.stats.snapshot();
    return { wallMs, requests: totalRequests, maxInFlight };
  };
  try {
    const results: CommandFigures[] = [];
    for (const concurrency of [DEFAULT_CONCURRENCY, 1]) {
      const runs = concurrency === 1 ? options.slowRuns : options.runs;
      const flag = concurrency === DEFAULT_CONCURRENCY ? [] : ['--concurrency', String(concurrency)];
      log(`  sync --all at concurrency ${concurrency} (${runs} runs after a warm-up)`);
      const syncs = await repeat(runs, async (index) => {
        const cwd = join(work, `sync-${concurrency}-${index}`);
        return run(['sync', '--all', ...flag], await mkdtempIn(cwd));
      });
      results.push(figures('sync --all', concurrency, syncs, options.latencyMs));
      log(`  drift --all at concurrency ${concurrency}`);
      const stateDirectory = await mkdtempIn(join(work, `drift-${concurrency}`));
      await run(['sync', '--all'], stateDirectory);
      const drifts = await repeat(runs, async () => run(['drift', '--all', ...flag], stateDirectory));
      results.push(figures('drift --all', concurrency, drifts, options.latencyMs));
    }
    const objects = options.projects * (options.datasetsPerProject + options.recipesPerProject);
    return { objects, latencyMs: options.latencyMs, results };
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

async function mkdtempIn(prefix: string): Promise<string> {
  return mkdtemp(`${prefix}-`);
}

function figures(command: string, concurrency: number, runs: readonly { wallMs: number; requests: number; maxInFlight: number }[], latencyMs: number): CommandFigures {
  const requests = median(runs.map((run) => run.requests));
  return {
    command,
    concurrency,
    wallMs: median(runs.map((run) => run.wallMs)),
    requests,
    maxInFlight: Math.max(...runs.map((run) => run.maxInFlight)),
    idealMs: (requests * latencyMs) / concurrency,
  };
}
