import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'backend-local',
      // The worker entry runs in a worker thread, from dist (start-scan.test.ts runs it there).
      coverage: { exclude: ['src/scan-worker.ts'] },
    },
  }),
);
