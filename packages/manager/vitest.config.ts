import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __DATAIKU_IAC_VERSION__: JSON.stringify(version) },
  test: {
    name: 'manager',
    environment: 'node',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Process wiring (signals, real streams): exercised by spawning the built CLI in integration-tests.
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**', 'src/cli.ts', 'src/cli/node-io.ts', 'src/cli/cli-io.ts'],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
