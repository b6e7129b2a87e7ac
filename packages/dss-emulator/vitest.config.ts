import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'dss-emulator',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Some tests build and compare whole synthetic instances or spawn node: seconds on a loaded
    // machine. A generous bound, not a speed check.
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/**/*.test.ts',
        // Pure data: the demo instance's documents.
        'src/fixtures/demo-*.ts',
        // The process entry point: run by spawning dist/cli.js, which v8 coverage cannot see.
        'src/cli.ts',
      ],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
