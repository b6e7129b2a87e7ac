import { defineConfig } from 'tsup';
import { sharedBuild } from '../../tsup.shared.js';

export default defineConfig(sharedBuild());
