import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared.js';

export default defineConfig(
  sharedBuild({
    // The schema is also published as a file, for editors and other validators.
    onSuccess: () => copyFile('src/state.schema.json', 'dist/state.schema.json'),
  }),
);
