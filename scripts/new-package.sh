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
import { sharedBuild } from '../../tsup.shared.js';

export default defineConfig(sharedBuild());
TS
cat > "$p/vitest.config.ts" <<TS
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(sharedConfig(import.meta.url), defineConfig({ test: { name: '$dir' } }));
TS
# npm packs a LICENSE only from the package's directory (pnpm check:packages compares the copies).
cp "$root/LICENSE" "$p/LICENSE"
echo "scaffolded $p"
