import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Tests of the built packages: no coverage of its own (test:coverage runs the tests only).
export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'integration-tests',
      include: ['test/**/*.test.ts'],
    },
  }),
);
