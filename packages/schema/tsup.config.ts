import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The schema is also published as a file, for editors and other validators.
  onSuccess: () => copyFile('src/state.schema.json', 'dist/state.schema.json'),
});
