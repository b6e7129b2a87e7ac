import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'config',
    environment: 'node',
    // Round trips through the emulator and worker threads: generous, so a loaded machine cannot fail them.
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // load-worker.ts only runs as a worker thread of the built package (load-in-parallel.test.ts starts it from dist).
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**', 'src/generated/**', 'src/load-worker.ts'],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
