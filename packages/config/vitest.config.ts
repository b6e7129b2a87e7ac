import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'config',
      // load-worker.ts only runs as a worker thread of the built package (load-in-parallel.test.ts starts it from dist).
      coverage: { exclude: ['src/generated/**', 'src/load-worker.ts'] },
    },
  }),
);
