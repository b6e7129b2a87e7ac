import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared.js';

export default defineConfig(
  sharedBuild({
    // The loader's worker thread is its own file: `load-in-parallel.ts` starts it from `dist/load-worker.js`.
    entry: { index: 'src/index.ts', 'load-worker': 'src/load-worker.ts' },
    dts: { entry: { index: 'src/index.ts' } },
    // The schema is also published as a file, for editors (`# yaml-language-server: $schema=…`).
    onSuccess: () => copyFile('src/config.schema.json', 'dist/config.schema.json'),
  }),
);
