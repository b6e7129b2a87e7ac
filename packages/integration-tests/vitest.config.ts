import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'integration-tests',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI and wait for retries against a stopped DSS: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
