import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'backend-postgres',
      // One PostgreSQL server for the run, started here, stopped afterwards.
      globalSetup: ['src/__fixtures__/global-setup.ts'],
      // Real servers and child processes on a loaded 2-core machine: seconds, not milliseconds.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
