import { defineConfig } from 'tsup';

// Private package: no declarations. The CLIs are entries of their own, run from dist.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'emulator-cli': 'src/emulator/cli.ts',
    demo: 'src/demo/demo.ts',
    bench: 'src/bench/bench.ts',
    'bench-child': 'src/bench/bench-child.ts',
  },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['msw', /^@dataiku-iac\//],
});
