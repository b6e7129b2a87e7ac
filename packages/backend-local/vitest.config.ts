import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backend-local',
    environment: 'node',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The worker thread runs from the built package only: covered by integration-tests (large-state).
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**', 'src/scan/worker-thread.ts', 'src/scan/scan-worker.ts'],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
