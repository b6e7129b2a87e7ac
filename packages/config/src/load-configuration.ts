import { relative, resolve, sep } from 'node:path';
import type { FileDeclarations } from './declare-resources.js';
import { ConfigError, type ConfigIssue, formatConfigIssue } from './config-error.js';
import type { Configuration, SourceLocation } from './configuration.js';
import { digestFiles } from './configuration-digest.js';
import { displayPath } from './display-path.js';
import { findConfigFiles } from './find-config-files.js';
import { formatKeyPath } from './key-path.js';
import { loadFiles } from './load-in-parallel.js';

export interface LoadOptions {
  /** Relative paths (the argument, messages) are relative to this directory. */
  readonly cwd: string;
  /** Where `${env:NAME}` references are resolved (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Parse large configurations in worker threads, leaving this thread free meanwhile (a plan reads
   * DSS while its configuration loads). Without it, parsing runs in this thread: faster when nothing
   * else is waiting, as starting a thread and passing the resources back cost about a tenth.
   */
  readonly background?: boolean;
}

/**
 * Load a configuration: one YAML file, or every `*.yaml` / `*.yml` file directly inside a
 * directory. Without a path: `dataiku.yaml`, else the `dataiku/` directory.
 * @throws ConfigError (CONFIG_INVALID) listing every issue found, each at its file, line and column
 */
export async function loadConfiguration(path: string | undefined, options: LoadOptions): Promise<Configuration> {
  const cwd = resolve(options.cwd);
  const display = (file: string): string => displayPath(cwd, file);
  const found = await findConfigFiles(path, cwd, display);
  if (!('files' in found)) throw new ConfigError([found]);
  const loaded = await loadFiles(found.files, { cwd, root: found.root, env: options.env }, options.background === true ? {} : { threads: 0 });
  const perFile = loaded.declarations;
  const issues = [...perFile.flatMap((declarations) => declarations.issues), ...duplicateProjects(perFile)];
  if (issues.length > 0) throw new ConfigError(issues);
  const resources = perFile.flatMap((declarations) => declarations.resources).sort((a, b) => compare(a.resourceId, b.resourceId));
  const hashes = new Map([...loaded.yamlFiles, ...loaded.codeFiles]);
  const codeFiles = [...new Set(loaded.codeFiles.map(([file]) => file))].sort(compare);
  const files = [...hashes.keys()].sort(compare);
  return {
    source: found.source,
    files,
    codeFiles: codeFiles.map((file) => relative(found.root, file).split(sep).join('/')),
    projectKeys: perFile.flatMap((declarations) => declarations.projects.map((project) => project.projectKey)).sort(compare),
    resources,
    digest: digestFiles(found.root, hashes),
  };
}

/** A project declared in two files: reported at the second declaration, naming the first. */
function duplicateProjects(perFile: readonly FileDeclarations[]): ConfigIssue[] {
  const first = new Map<string, SourceLocation>();
  const issues: ConfigIssue[] = [];
  for (const declarations of perFile) {
    for (const { projectKey, location } of declarations.projects) {
      const earlier = first.get(projectKey);
      if (earlier === undefined) {
        first.set(projectKey, location);
        continue;
      }
      const where = formatConfigIssue({ ...earlier, message: '' }).slice(0, -2);
      const key = formatKeyPath(['projects', projectKey]);
      issues.push({ ...location, key, message: `${key}: project ${projectKey} is already declared in ${where}` });
    }
  }
  return issues;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
