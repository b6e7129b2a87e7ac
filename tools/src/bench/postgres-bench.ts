import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { PostgresBackend } from '@dataiku-iac/backend-postgres';
import { startPostgresServer } from '@dataiku-iac/test-postgres';
import type { Row } from './report.js';
import { runChild } from './run-child.js';
import { formatMs, median, repeat } from './statistics.js';
import { syntheticState } from './synthetic-state.js';

export interface PostgresBenchOptions {
  readonly child: string;
  readonly resources: number;
  readonly runs: number;
  /** Resources changed by the small save. */
  readonly changed: number;
}

export interface PostgresFigures {
  readonly resources: number;
  readonly changed: number;
  readonly loadMs: number;
  readonly localLoadMs: number;
  readonly fullSaveMs: number;
  readonly localSaveMs: number;
  readonly smallSaveMs: number;
}

/**
 * The PostgreSQL backend on a throwaway server on loopback (default settings: fsync on), against
 * the local file backend on the same state, each operation in a new process (bench-child): load;
 * a save that writes every resource (into an empty environment; the local file is always rewritten
 * whole); a save that changes `changed` resources of the stored state, as a sync would.
 */
export async function postgresBench(options: PostgresBenchOptions, log: (line: string) => void): Promise<PostgresFigures> {
  log('  starting a PostgreSQL server');
  const server = await startPostgresServer();
  const work = await mkdtemp(join(tmpdir(), 'dataiku-iac-bench-postgres-'));
  try {
    await server.query("CREATE ROLE bench LOGIN PASSWORD 'bench'");
    await server.query('CREATE DATABASE bench OWNER bench');
    const url = server.url('bench', 'bench', 'bench');
    log(`  generating a state of ${options.resources} resources`);
    const state = await syntheticState(options.resources);
    const file = join(work, 'bench.state.json');
    await new LocalFileBackend({ stateFile: file }).save(state);
    const saveDirectory = join(work, 'save');
    await mkdir(saveDirectory);
    const measure = async (name: string, [operation, ...args]: readonly [string, ...string[]], before?: () => Promise<unknown>): Promise<number> => {
      log(`  ${name} (${options.runs} runs after a warm-up, each in a new process)`);
      const runs = await repeat(options.runs, async () => {
        await before?.();
        return (await runChild(options.child, operation, ...args)).ms;
      });
      return median(runs);
    };
    const emptyTables = () => server.query('TRUNCATE dataiku_iac.resources, dataiku_iac.state_versions, dataiku_iac.environments', [], 'bench');
    const localLoadMs = await measure('load, local file', ['load', file]);
    const localSaveMs = await measure('save, local file', ['save', file, saveDirectory]);
    const stored = new PostgresBackend({ url, environment: 'bench' });
    await stored.save(state.clone());
    await stored.close();
    const loadMs = await measure('load, PostgreSQL', ['pg-load', url, 'bench']);
    const smallSaveMs = await measure(`save of ${options.changed} changed resources, PostgreSQL`, ['pg-save-changed', url, 'bench', String(options.changed)]);
    const fullSaveMs = await measure('save of every resource, PostgreSQL', ['pg-save', url, 'bench', file], emptyTables);
    return { resources: state.size, changed: options.changed, loadMs, localLoadMs, fullSaveMs, localSaveMs, smallSaveMs };
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** The report's rows for these figures. */
export function postgresRows(figures: PostgresFigures): Row[] {
  const ratio = (value: number): string => `${value.toFixed(2)}×`;
  const name = `through PostgreSQL on loopback (${figures.resources} resources)`;
  return [
    {
      benchmark: `load + validate ${name}`,
      figure: formatMs(figures.loadMs),
      compared: `local file: ${formatMs(figures.localLoadMs)}`,
      ratio: ratio(figures.loadMs / figures.localLoadMs),
      target: '≤ 2.00×',
      met: figures.loadMs <= 2 * figures.localLoadMs,
    },
    {
      benchmark: `save of every resource ${name}`,
      figure: formatMs(figures.fullSaveMs),
      compared: `local file: ${formatMs(figures.localSaveMs)}`,
      ratio: ratio(figures.fullSaveMs / figures.localSaveMs),
      target: '≤ 2.00×',
      met: figures.fullSaveMs <= 2 * figures.localSaveMs,
    },
    {
      benchmark: `save of ${figures.changed} changed resources ${name}`,
      figure: formatMs(figures.smallSaveMs),
      compared: `save of every resource: ${formatMs(figures.fullSaveMs)}`,
      ratio: ratio(figures.smallSaveMs / figures.fullSaveMs),
      target: '≤ 0.05×',
      met: figures.smallSaveMs <= 0.05 * figures.fullSaveMs,
    },
  ];
}
