import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared.js';

export default defineConfig(
  sharedBuild({
    // The scan worker is an entry of its own: `start-scan.ts` and `chunk-verifier.ts` start it from `dist/scan-worker.js`.
    entry: { index: 'src/index.ts', 'scan-worker': 'src/scan-worker.ts' },
    dts: { entry: { index: 'src/index.ts' } },
  }),
);
