import { closeSync, copyFileSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { PostgresBackend } from '@dataiku-iac/backend-postgres';
import { checkReferences, loadConfiguration } from '@dataiku-iac/config';
import { runCli, StateManager } from '@dataiku-iac/manager';
import { Resource, type State, toCanonicalOrder } from '@dataiku-iac/models';
import { renderPlan } from '@dataiku-iac/plan';

/**
 * One measured operation, in a fresh process so that timings and peak memory are its own:
 * `node bench-child.js <operation> <files...>`; prints `{"ms": …, "maxRssBytes": …}`.
 * Setup that is not part of the operation (reading the input of a save) is not timed, but counts
 * in the peak memory, as it would in a real run.
 */
const [operation = '', ...files] = process.argv.slice(2);

const sink = { write: () => true, isTTY: false };
/** The one secret of the generated configurations (config-bench). */
const BENCH_ENV = { WAREHOUSE_PASSWORD: 'bench' };
const quietIo = (cwd: string) => ({ stdout: sink, stderr: sink, env: {}, cwd });

async function measure(): Promise<number> {
  switch (operation) {
    case 'parse': {
      const start = performance.now();
      JSON.parse(readFileSync(files[0] as string, 'utf8'));
      return performance.now() - start;
    }
    case 'parse-both': {
      const start = performance.now();
      JSON.parse(readFileSync(files[0] as string, 'utf8'));
      JSON.parse(readFileSync(files[1] as string, 'utf8'));
      return performance.now() - start;
    }
    case 'load': {
      const start = performance.now();
      await new LocalFileBackend({ stateFile: files[0] as string }).load();
      return performance.now() - start;
    }
    case 'stringify-write': {
      const data: unknown = JSON.parse(readFileSync(files[0] as string, 'utf8'));
      const start = performance.now();
      const text = `${JSON.stringify(data, null, 2)}\n`;
      const descriptor = openSync(files[1] as string, 'w', 0o600);
      writeSync(descriptor, text);
      fsyncSync(descriptor);
      closeSync(descriptor);
      return performance.now() - start;
    }
    case 'save': {
      // Save over a copy: as a sync does, load, change one resource, save (backup, verification, fsync).
      const target = join(files[1] as string, 'bench.state.json');
      copyFileSync(files[0] as string, target);
      const backend = new LocalFileBackend({ stateFile: target });
      const state = await backend.load();
      const [first] = state.listResources();
      if (first === undefined) throw new Error('empty state');
      state.addResource(new Resource({ resourceId: first.resourceId, attributes: { ...(first.attributes), benchmark: Date.now() } }));
      const start = performance.now();
      await backend.save(state);
      return performance.now() - start;
    }
    case 'diff': {
      const start = performance.now();
      const code = await runCli(['diff', files[0] as string, files[1] as string], quietIo(process.cwd()));
      if (code !== 2) throw new Error(`diff exited ${code}, expected 2`);
      return performance.now() - start;
    }
    case 'show': {
      const start = performance.now();
      const code = await runCli(['show', '--state-file', files[0] as string], quietIo(process.cwd()));
      if (code !== 0) throw new Error(`show exited ${code}`);
      return performance.now() - start;
    }
    case 'load-configuration': {
      // load-configuration DIRECTORY: as plan does before anything else.
      const start = performance.now();
      checkReferences(await loadConfiguration(files[0], { cwd: process.cwd(), env: BENCH_ENV }), new Set());
      return performance.now() - start;
    }
    case 'plan-offline': {
      // plan-offline CONFIG_DIRECTORY STATE_FILE: plan --refresh=false with the configuration loaded
      // (not timed) as `dataiku-iac plan` loads it: in the background, its parsing garbage left in the worker.
      const configuration = await loadConfiguration(files[0], { cwd: process.cwd(), env: BENCH_ENV, background: true });
      const manager = new StateManager({
        backend: new LocalFileBackend({ stateFile: files[1] as string }),
        dss: () => {
          throw new Error('plan --refresh=false read DSS');
        },
        environment: 'bench',
      });
      const start = performance.now();
      const { plan } = await manager.plan(configuration, { refresh: false });
      renderPlan(plan);
      const ms = performance.now() - start;
      if (plan.actions.length !== 0) throw new Error(`plan-offline: ${plan.actions.length} actions, expected none`);
      return ms;
    }
    case 'pg-load': {
      // pg-load URL ENVIRONMENT
      const backend = new PostgresBackend({ url: files[0] as string, environment: files[1] as string });
      const start = performance.now();
      await backend.load();
      const ms = performance.now() - start;
      await backend.close();
      return ms;
    }
    case 'pg-save': {
      // pg-save URL ENVIRONMENT STATE_FILE: every row written, into an empty environment.
      const state = await new LocalFileBackend({ stateFile: files[2] as string }).load();
      const backend = new PostgresBackend({ url: files[0] as string, environment: files[1] as string });
      const start = performance.now();
      await backend.save(state);
      const ms = performance.now() - start;
      await backend.close();
      return ms;
    }
    case 'pg-save-changed': {
      // pg-save-changed URL ENVIRONMENT COUNT: as a sync does, load, change COUNT resources, save.
      const backend = new PostgresBackend({ url: files[0] as string, environment: files[1] as string });
      const state = changed(await backend.load(), Number(files[2]));
      const start = performance.now();
      await backend.save(state);
      const ms = performance.now() - start;
      await backend.close();
      return ms;
    }
    default:
      throw new Error(`unknown operation ${JSON.stringify(operation)}`);
  }
}

/** `state` with `count` resources, spread over it, changed in a way no other run changes them. */
function changed(state: State, count: number): State {
  const ids = state.resourceIds();
  for (let index = 0; index < count; index++) {
    const resource = state.getResource(ids[Math.floor((index * ids.length) / count)] as string) as Resource;
    const attributes = toCanonicalOrder({ ...resource.attributes, description: `changed by the benchmark (pid ${process.pid})` });
    state.addResource(new Resource({ resourceId: resource.resourceId, attributes }));
  }
  return state;
}

const ms = await measure();
process.stdout.write(`${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
