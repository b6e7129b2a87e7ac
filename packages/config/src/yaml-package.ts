import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The \`yaml\` package, loaded on first use: it takes about 30 ms to load, which the CLI's commands
 * that read no YAML, and configurations that \`parseSimpleYaml\` reads whole, never pay.
 */
export function yamlPackage(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
