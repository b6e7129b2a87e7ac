#!/usr/bin/env node
import { runEmulatorCli } from './run-cli.js';

const stopSignal = new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
  // pnpm does not forward SIGTERM to the script it runs: when `pnpm -s emulator` is killed, the
  // emulator is re-parented. Stop then too, rather than serve on as an orphan holding the parent's pipes.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) resolve(undefined);
  }, 500).unref();
});

process.exitCode = await runEmulatorCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  stopSignal,
});
