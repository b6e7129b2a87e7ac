import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.js';

// The demo and the benchmarks are programs, checked end to end by smoke tests; no coverage floor.
export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'tools',
      include: ['test/**/*.test.ts'],
      // The benchmark smoke test spawns the CLI and child processes: seconds, not milliseconds.
      testTimeout: 120_000,
    },
  }),
);
