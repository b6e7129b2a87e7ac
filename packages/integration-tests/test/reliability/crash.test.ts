import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { State, type StateJson } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { type EmulatorServer, generateSyntheticInstance, type JsonObject } from '@dataiku-iac/dss-emulator';
import { type Connection, spawnCli } from '../e2e/run-cli.js';
import { loadState, runSeed, seededRandom, sha256, withWorkspace } from './helpers.js';

/**
 * Crash safety: `dataiku-iac sync` killed with SIGKILL at random moments while it writes a large
 * state. After every kill the state file is the complete old or the complete new version and
 * valid; the next sync succeeds, takes over the dead process's lock with a warning, and is not
 * bothered by its temporary files.
 */

const KILLS = 50;
const SEED = runSeed();

/** A few datasets with wide schemas: a state of about 2 MB from few requests, so that writing it takes a while. */
function largeInstance(): ReturnType<typeof generateSyntheticInstance> {
  const instance = generateSyntheticInstance({ projects: 2, datasetsPerProject: 16, recipesPerProject: 4, seed: 'crash' });
  for (const project of instance.projects) {
    for (const dataset of project.datasets ?? []) {
      const name = dataset.name as string;
      const columns = Array.from({ length: 250 }, (_, index): JsonObject => ({
        name: `${name}_column_${index}`,
        type: index % 3 === 0 ? 'string' : 'double',
        comment: `Column ${index} of ${name}, kept in the state as DSS describes it (a wide table).`,
      }));
      dataset.schema = { columns, userModified: true };
    }
  }
  return instance;
}

/** Give the next sync something to write: a new description on one dataset. */
function changeDss(server: EmulatorServer, round: number): string {
  const { store } = server.emulator;
  const [projectKey = ''] = store.listProjectKeys();
  const names = store.listDatasets(projectKey).map((dataset) => dataset.name as string);
  const name = names[round % names.length] ?? '';
  const description = `changed in round ${round}`;
  store.putDataset(projectKey, name, { ...store.getDataset(projectKey, name), description });
  return description;
}

interface Killed {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Run `sync` and SIGKILL it when `arm` says so (unless it is done by then). `arm` gets the kill
 * function and returns what disarms it.
 */
async function syncKilled(directory: string, connection: Connection, arm: (kill: () => void) => () => void): Promise<Killed> {
  const child = spawnCli(directory, connection, ['sync']);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Killed>((resolve) => {
    child.on('exit', (exitCode, signal) => {
      resolve({ exitCode, signal, stderr });
    });
  });
  const disarm = arm(() => child.kill('SIGKILL'));
  const result = await exited;
  disarm();
  return result;
}

/** Kill after `delayMs`. */
function after(delayMs: number): (kill: () => void) => () => void {
  return (kill) => {
    const timer = setTimeout(kill, delayMs);
    return () => {
      clearTimeout(timer);
    };
  };
}

/** Kill as soon as a file whose name starts with `prefix` appears in `directory` (inotify on Linux). */
function onFile(directory: string, prefix: string): (kill: () => void) => () => void {
  return (kill) => {
    const watcher = watch(directory, (_event, name) => {
      if (name?.startsWith(prefix) === true) kill();
    });
    return () => {
      watcher.close();
    };
  };
}

/** Files beside the state that a killed sync may leave behind. */
const LEFTOVER = /^(\.dev\.state\.json\.tmp-\d+-[0-9a-f]+|dev\.state\.json\.lock(\.(tmp|stale)-\d+-[0-9a-f]+)?)$/;

interface Outcomes {
  old: number;
  new: number;
  finished: number;
  lockLeft: number;
  temporariesLeft: number;
}

/** When to kill the sync of a round. */
type Trigger = (round: number, paths: { duration: number; stateDirectory: string; backupDirectory: string }) => (kill: () => void) => () => void;

/**
 * One sync to have a state, one to measure how long a sync takes, then `kills` rounds of: change
 * DSS, start a sync, SIGKILL it when `trigger` says, check the file in-process, run a new sync.
 */
async function crashLoop(loop: number, kills: number, outcomes: Outcomes, trigger: Trigger): Promise<void> {
  await withWorkspace(
    async ({ server, connection, directory, stateFile, run }) => {
      const stateDirectory = dirname(stateFile);
      expect((await run(['sync'])).code).toBe(0);
      changeDss(server, 0);
      const started = performance.now();
      expect((await syncKilled(directory, connection, after(60_000))).exitCode).toBe(0);
      const duration = performance.now() - started;
      let old = await loadState(stateFile);
      let oldBytes = await readFile(stateFile);
      expect(oldBytes.length).toBeGreaterThan(1_500_000); // about 2 MB

      for (let round = 1; round <= kills; round++) {
        const context = `loop ${loop}, round ${round}, seed ${SEED}`;
        const change = changeDss(server, round);
        const killed = await syncKilled(directory, connection, trigger(round, { duration, stateDirectory, backupDirectory: `${stateFile}.backups` }));
        if (killed.signal === null) {
          outcomes.finished++;
          expect(killed.exitCode, `${context}: ${killed.stderr}`).toBe(0);
        }

        // Whatever is left beside the state is one of the known leftovers.
        const leftovers = (await readdir(stateDirectory)).filter((name) => name !== 'dev.state.json' && name !== 'dev.state.json.backups');
        for (const name of leftovers) expect(name, context).toMatch(LEFTOVER);
        const lockLeft = leftovers.includes('dev.state.json.lock');
        if (lockLeft) outcomes.lockLeft++;
        if (leftovers.some((name) => name.startsWith('.dev.state.json.tmp-'))) outcomes.temporariesLeft++;

        // The file loads with every check (schema, checksums) and is the complete old or new version.
        const afterKill = await loadState(stateFile);
        const afterKillBytes = await readFile(stateFile);
        expect([old.serial, old.serial + 1], context).toContain(afterKill.serial);
        const wroteNew = afterKill.serial === old.serial + 1;
        if (wroteNew) {
          outcomes.new++;
          expect(afterKill.lineage, context).toBe(old.lineage);
          expect(afterKillBytes.includes(`"${change}"`), `${context}: the new version has this round's change`).toBe(true);
        } else {
          outcomes.old++;
          expect(sha256(afterKillBytes), `${context}: same serial, other bytes`).toBe(sha256(oldBytes));
        }

        // A new sync succeeds whatever was left behind.
        const next = await run(['sync']);
        expect(next.code, `${context}: ${next.stderr}`).toBe(0);
        if (lockLeft) expect(next.stderr, context).toMatch(/^warning: took over the lock of .* \(pid \d+, sync\) since \S+ \(id [0-9a-f-]{36}\): that process no longer exists\n$/);
        else expect(next.stderr, context).toBe('');
        const finalBytes = await readFile(stateFile);
        if (wroteNew) {
          // The killed sync had written the complete new version: nothing was left to change.
          expect(next.stdout, context).toMatch(/\nNo changes: /);
          expect(sha256(finalBytes), context).toBe(sha256(afterKillBytes));
        } else {
          expect(next.stdout, context).toMatch(/\nSaved .* \(serial \d+\): 0 added, 0 removed, 1 modified/);
          expect(finalBytes.includes(`"${change}"`), context).toBe(true);
          const temporaries = (await readdir(stateDirectory)).filter((name) => name.startsWith('.dev.state.json.tmp-'));
          expect(temporaries, `${context}: a writing sync removes the temporaries of dead processes`).toEqual([]);
        }
        // Verified above (the killed sync's file) or just written by a sync that verifies what it writes.
        old = wroteNew ? afterKill : State.fromJSON(JSON.parse(finalBytes.toString('latin1')) as StateJson);
        oldBytes = finalBytes;
      }
      expect((await readdir(`${stateFile}.backups`)).length).toBeLessThanOrEqual(10);
    },
    { seed: largeInstance() },
  );
}

describe(`sync killed with SIGKILL (seed ${SEED}; replay with RELIABILITY_SEED=${SEED})`, () => {
  // 50 real processes and as many in-process syncs of about 2 MB: about 30 s alone on 2 cores, more on a busy machine.
  it(`at ${KILLS} random moments: the complete old or the complete new state every time, and the next sync always succeeds`, { timeout: 240_000 }, async () => {
    const outcomes: Outcomes = { old: 0, new: 0, finished: 0, lockLeft: 0, temporariesLeft: 0 };
    // Over the whole duration of a sync, and a little beyond, so that some finish before the kill.
    const randomDelay = (loop: number): Trigger => {
      const random = seededRandom(SEED + loop);
      return (_round, { duration }) => after(random() * duration * 1.2);
    };
    // Two independent loops at once: one process is being killed while the other loop checks in-process.
    await Promise.all([crashLoop(1, KILLS / 2, outcomes, randomDelay(1)), crashLoop(2, KILLS / 2, outcomes, randomDelay(2))]);
    expect(outcomes.old + outcomes.new).toBe(KILLS);
    // Kills landed while the lock was held (not a timing assertion: a check that the test tests something).
    expect(outcomes.lockLeft, JSON.stringify({ ...outcomes, seed: SEED })).toBeGreaterThan(0);
  });

  it('at the moments that matter: while the new file is written, and between the backup and the replacement', async () => {
    const outcomes: Outcomes = { old: 0, new: 0, finished: 0, lockLeft: 0, temporariesLeft: 0 };
    await crashLoop(3, 4, outcomes, (round, { stateDirectory, backupDirectory }) =>
      round % 2 === 1 ? onFile(stateDirectory, '.dev.state.json.tmp-') : onFile(backupDirectory, ''),
    );
    expect(outcomes.old + outcomes.new).toBe(4);
    // The kills landed while the new file was being written (not a timing assertion: a check that the test tests something).
    expect(outcomes.temporariesLeft, JSON.stringify(outcomes)).toBeGreaterThan(0);
  });
});
