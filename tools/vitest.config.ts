import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.js';

// The demo and the benchmarks are programs, checked end to end by smoke tests; no coverage floor.
export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'tools',
      include: ['test/**/*.test.ts'],
      // A guard against a hang, not a speed check. The benchmark smoke tests spawn the CLI about ten
      // times each: 11 s on an idle 2-core machine, past 120 s on one that runs other work as well.
      testTimeout: 600_000,
    },
  }),
);
