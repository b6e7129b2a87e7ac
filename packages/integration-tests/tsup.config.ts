import { defineConfig } from 'tsup';

// Private package: no declarations. The CLI is a second entry so `pnpm -s emulator` runs from dist.
export default defineConfig({
  entry: { index: 'src/index.ts', 'emulator-cli': 'src/emulator/cli.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['msw', /^@dataiku-iac\//],
});
