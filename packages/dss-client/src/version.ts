import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    // From src/version.ts in tests and from dist/index.js once built, `..` is the package root.
    const json: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const version = (json as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** This package's version, sent in the `User-Agent` header as `dataiku-iac/<version>`. */
export const CLIENT_VERSION = readVersion();
