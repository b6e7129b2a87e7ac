#!/usr/bin/env bash
# Scaffold packages/<dir> with the house-style configs. Usage: scripts/new-package.sh <dir> "<description>"
set -euo pipefail
dir=$1; desc=$2
root=$(cd "$(dirname "$0")/.." && pwd)
p="$root/packages/$dir"
mkdir -p "$p/src"
cat > "$p/package.json" <<JSON
{
  "name": "@dataiku-iac/$dir",
  "version": "0.0.0",
  "description": "$desc",
  "license": "Apache-2.0",
  "repository": { "type": "git", "url": "git+https://github.com/dataiku-iac/dataiku-iac.git", "directory": "packages/$dir" },
  "type": "module",
  "sideEffects": false,
  "exports": {
    ".": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
    "./package.json": "./package.json"
  },
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist"],
  "engines": { "node": ">=20.19" },
  "publishConfig": { "access": "public" },
  "scripts": {
    "build": "tsup",
    "typecheck": "tsc --noEmit",
    "lint": "eslint .",
    "test": "vitest run",
    "test:coverage": "vitest run --coverage"
  },
  "dependencies": {}
}
JSON
cat > "$p/tsconfig.json" <<'JSON'
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
JSON
cat > "$p/tsup.config.ts" <<'TS'
import { defineConfig } from 'tsup';

export default defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'node20' });
TS
cat > "$p/vitest.config.ts" <<TS
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '$dir',
    environment: 'node',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/__fixtures__/**'],
      thresholds: { lines: 90, branches: 90, functions: 90, statements: 90 },
    },
  },
});
TS
echo "scaffolded $p"
