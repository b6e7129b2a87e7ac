import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'manager',
      // Process wiring (signals, real streams): exercised by spawning the built CLI in integration-tests.
      coverage: { exclude: ['src/cli.ts', 'src/cli/node-io.ts', 'src/cli/cli-io.ts'] },
    },
  }),
);
