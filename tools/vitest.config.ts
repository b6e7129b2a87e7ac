import { defineConfig } from 'vitest/config';

// The demo and the benchmarks are programs, checked end to end by smoke tests; no coverage floor.
export default defineConfig({
  test: {
    name: 'tools',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The benchmark smoke test spawns the CLI and child processes: seconds, not milliseconds.
    testTimeout: 120_000,
  },
});
