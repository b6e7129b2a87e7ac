import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig(import.meta.url),
  defineConfig({
    test: {
      name: 'dss-emulator',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      coverage: {
        exclude: [
          // Pure data: the demo instance's documents.
          'src/fixtures/demo-*.ts',
          // The process entry point: run by spawning dist/cli.js, which v8 coverage cannot see.
          'src/cli.ts',
        ],
      },
    },
  }),
);
