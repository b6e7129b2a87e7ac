import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JsonObject } from '@dataiku-iac/models';
import { type CodeSource, declareResources, type FileDeclarations } from './declare-resources.js';
import { CodeFileReader } from './code-file-reader.js';
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
  /** The code files read (absolute). */
  readonly codeFiles: readonly string[];
}

/** Load YAML files (absolute paths) in this thread: parse, check against the schema, build resources. */
export async function loadFilesHere(files: readonly string[], context: LoadFilesContext): Promise<LoadedFiles> {
  const display = (path: string): string => displayPath(context.cwd, path);
  const read = new Set<string>();
  const reader = new CodeFileReader({ root: context.root, display, read });
  const declarations = await Promise.all(files.map(async (file) => loadFile(file, display(file), context.env, reader.from(dirname(file)))));
  return { declarations, codeFiles: [...read] };
}

async function loadFile(file: string, shown: string, env: LoadFilesContext['env'], codeFiles: CodeSource): Promise<FileDeclarations> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
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
