import { defineConfig } from 'tsup';

// Private package: no declarations. Each program is an entry of its own, run from dist.
export default defineConfig({
  entry: { demo: 'src/demo/demo.ts', bench: 'src/bench/bench.ts', 'bench-child': 'src/bench/bench-child.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [/^@dataiku-iac\//, 'yaml'],
});
