import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backend-local',
    environment: 'node',
    // Some tests write, scan and read states of several MB: seconds, not milliseconds, on a busy machine.
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The worker entry runs in a worker thread, from dist (start-scan.test.ts runs it there).
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**', 'src/scan-worker.ts'],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
