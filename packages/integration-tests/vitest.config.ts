import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'integration-tests',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI and wait for retries against a stopped DSS: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/**/*.test.ts',
        'src/**/__fixtures__/**',
        // Pure data: the demo instance's documents.
        'src/emulator/fixtures/demo-*.ts',
        // Process entry points: run by spawning dist/*.js, which v8 coverage cannot see.
        'src/emulator/cli.ts',
        'src/demo/demo.ts',
        'src/bench/bench.ts',
        'src/bench/bench-child.ts',
      ],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
