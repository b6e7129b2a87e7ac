import { readFileSync } from 'node:fs';
import type { Options } from 'tsup';

/**
 * The build every package shares: ESM for Node 20 from `src/index.ts`, with declarations, source maps
 * and the package's version as `__DATAIKU_IAC_VERSION__`. tsup runs in the package's directory; a
 * package's `tsup.config.ts` passes only what differs (more entries, a copied file).
 */
export function sharedBuild(options: Options = {}): Options {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    define: { __DATAIKU_IAC_VERSION__: JSON.stringify(version) },
    ...options,
  };
}
