import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JsonObject } from '@dataiku-iac/models';
import { type CodeSource, declareResources, type FileDeclarations } from './declare-resources.js';
import { CodeFileReader } from './code-file-reader.js';
import { fileHash } from './configuration-digest.js';
import type { ConfigIssue } from './config-error.js';
import { displayPath } from './display-path.js';
import { schemaIssues } from './schema-issues.js';
import { parseYamlSource } from './yaml-source.js';

export interface LoadFilesContext {
  /** Messages show paths relative to it. */
  readonly cwd: string;
  /** The directory code files must stay in. */
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface LoadedFiles {
  /** One per file, in the order of the files. */
  readonly declarations: readonly FileDeclarations[];
  /** The code files read (absolute), each with its `fileHash`. */
  readonly codeFiles: readonly (readonly [path: string, hash: string])[];
  /** The YAML files read (absolute), each with its `fileHash`. */
  readonly yamlFiles: readonly (readonly [path: string, hash: string])[];
}

/** Load YAML files (absolute paths) in this thread: parse, check against the schema, build resources. */
export function loadFilesHere(files: readonly string[], context: LoadFilesContext): LoadedFiles {
  const display = (path: string): string => displayPath(context.cwd, path);
  const read = new Map<string, string>();
  const reader = new CodeFileReader({ root: context.root, display, read });
  const yamlFiles: [string, string][] = [];
  // Synchronous reads, one file at a time: parsing is synchronous anyway, and thousands of files
  // cannot exhaust file descriptors.
  const declarations = withEnvironmentCopy(() => files.map((file) => loadFile(file, display(file), context.env, reader.from(dirname(file)), yamlFiles)));
  return { declarations, codeFiles: [...read], yamlFiles };
}

/**
 * Runs `work` (synchronous) with `process.env` a plain copy of itself, put back after. The `yaml`
 * parser reads `process.env.LOG_TOKENS` for every token, and `process.env` is a lookup in the
 * process's environment behind a lock that all threads share: a fifth of the parsing time. No other
 * code of this thread runs meanwhile, and other threads have their own `process.env`.
 */
function withEnvironmentCopy<T>(work: () => T): T {
  const environment = process.env;
  process.env = { ...environment };
  try {
    return work();
  } finally {
    process.env = environment;
  }
}

function loadFile(file: string, shown: string, env: LoadFilesContext['env'], codeFiles: CodeSource, yamlFiles: [string, string][]): FileDeclarations {
  let text: string;
  try {
    const bytes = readFileSync(file);
    yamlFiles.push([file, fileHash(bytes)]);
    text = bytes.toString('utf8');
  } catch (error) {
    return failed({ file: shown, line: 0, column: 0, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
  }
  const source = parseYamlSource(text, shown);
  if (source.value === undefined) return failed(...source.issues);
  const issues = schemaIssues(source, source.value);
  if (issues.length > 0) return failed(...issues);
  return declareResources({ source, env, codeFiles }, source.value as JsonObject);
}

function failed(...issues: ConfigIssue[]): FileDeclarations {
  return { projects: [], resources: [], issues };
}
