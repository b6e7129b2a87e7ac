import { defineConfig } from 'tsup';
import { sharedBuild } from '../tsup.shared.js';

// Private package: no declarations. Each program is an entry of its own, run from dist.
export default defineConfig(
  sharedBuild({
    entry: { demo: 'src/demo/demo.ts', bench: 'src/bench/bench.ts', 'bench-child': 'src/bench/bench-child.ts', 'minimal-client': 'src/bench/minimal-client.ts' },
    dts: false,
    external: [/^@dataiku-iac\//, 'yaml'],
  }),
);
