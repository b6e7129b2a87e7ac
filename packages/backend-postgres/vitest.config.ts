import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backend-postgres',
    environment: 'node',
    // One PostgreSQL server for the run, started here, stopped afterwards.
    globalSetup: ['src/__fixtures__/global-setup.ts'],
    // Real servers and child processes on a loaded 2-core machine: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**'],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
