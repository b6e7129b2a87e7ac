import { readFileSync } from 'node:fs';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * What every package's tests share: Node, v8 coverage of `src` with a 90% floor, and the package's
 * version as `__DATAIKU_IAC_VERSION__` (as tsup defines it in the build). A package's
 * `vitest.config.ts` merges its own settings on top with `mergeConfig`, passing its `import.meta.url`.
 */
export function sharedConfig(configUrl: string): ViteUserConfig {
  const { version } = JSON.parse(readFileSync(new URL('package.json', configUrl), 'utf8')) as { version: string };
  return defineConfig({
    define: { __DATAIKU_IAC_VERSION__: JSON.stringify(version) },
    test: {
      environment: 'node',
      // Hang bounds, not speed checks (benchmarks measure speed): a test that spawns the CLI, runs a
      // plan through worker threads or scans a large state takes seconds on a loaded 2-core machine.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      coverage: {
        provider: 'v8',
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**'],
        thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
      },
    },
  });
}
