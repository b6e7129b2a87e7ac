import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  // The loader's worker thread is its own file: `load-in-parallel.ts` starts it from `dist/load-worker.js`.
  entry: { index: 'src/index.ts', 'load-worker': 'src/load-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The schema is also published as a file, for editors (`# yaml-language-server: $schema=…`).
  onSuccess: () => copyFile('src/config.schema.json', 'dist/config.schema.json'),
});
