import { defineConfig } from 'tsup';

export default defineConfig({
  // The scan worker is an entry of its own: `start-scan.ts` and `chunk-verifier.ts` start it from `dist/scan-worker.js`.
  entry: { index: 'src/index.ts', 'scan-worker': 'src/scan-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
