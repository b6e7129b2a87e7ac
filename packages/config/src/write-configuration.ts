import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Resource } from '@dataiku-iac/models';
import { yamlPackage } from './yaml-package.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import { declareProject, type ProjectDeclaration, type WrittenSecret } from './project-declaration.js';
import { verifyDeclaration } from './verify-declaration.js';

/** Where editors find the schema by default: the published file of the latest version. */
export const DEFAULT_SCHEMA_URL = 'https://unpkg.com/@dataiku-iac/config/dist/config.schema.json';

export interface WriteOptions {
  /** URL or path of `config.schema.json` for the `# yaml-language-server: $schema=…` line (default `DEFAULT_SCHEMA_URL`). */
  readonly schemaUrl?: string | undefined;
  /** Replace files that exist. Without it, an existing file is an error and nothing is written. */
  readonly overwrite?: boolean | undefined;
}

export interface WrittenConfiguration {
  /** The files written (absolute): the YAML file, then the code files, sorted. */
  readonly files: string[];
  /** The `${env:NAME}` references that stand for the state's redacted secrets, by variable name. */
  readonly secrets: WrittenSecret[];
}

/**
 * Write one project's configuration (for `dataiku-iac import`): `<directory>/<PROJECT_KEY>.yaml`
 * and its code recipes' code in `<directory>/recipes/<PROJECT_KEY>/<name>.<ext>`. Before writing,
 * the files are loaded back in memory: every declared attribute must equal the state's as the
 * planner compares them (secrets through their references), or nothing is written.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for resources that are not one project's projects,
 *   datasets and recipes, or an attribute the configuration has no key for
 * @throws ConfigError (CONFIG_INVALID) when a value cannot be written faithfully, a file exists
 *   (without `overwrite`), or a file cannot be written
 */
export async function writeConfiguration(
  project: { readonly resources: readonly Resource[] },
  directory: string,
  options: WriteOptions = {},
): Promise<WrittenConfiguration> {
  const declaration = declareProject(project.resources);
  const fileName = `${declaration.projectKey}.yaml`;
  const text = renderYaml(declaration, options.schemaUrl ?? DEFAULT_SCHEMA_URL);
  verifyDeclaration(project.resources, declaration, text, fileName);
  const root = resolve(directory);
  const contents = new Map<string, string>([[join(root, fileName), text]]);
  for (const [codeFile, code] of [...declaration.codeFiles].sort(([a], [b]) => (a < b ? -1 : 1))) contents.set(join(root, codeFile), code);
  if (options.overwrite !== true) await refuseExisting([...contents.keys()]);
  await writeAll(contents);
  return { files: [...contents.keys()], secrets: [...declaration.secrets].sort((a, b) => (a.variable < b.variable ? -1 : 1)) };
}

function renderYaml(declaration: ProjectDeclaration, schemaUrl: string): string {
  const document = new (yamlPackage().Document)(declaration.document);
  document.commentBefore = ` yaml-language-server: $schema=${schemaUrl}`;
  // One line for short lists of names (tags, inputs, outputs) and for each schema column.
  const project = ['projects', declaration.projectKey];
  const flow: (string | number)[][] = [[...project, 'tags']];
  const body = (declaration.document.projects as Record<string, Record<string, Record<string, unknown> | undefined>>)[declaration.projectKey];
  for (const kind of ['datasets', 'recipes']) {
    for (const name of Object.keys(body?.[kind] ?? {})) {
      for (const key of ['tags', 'inputs', 'outputs']) flow.push([...project, kind, name, key]);
    }
  }
  for (const name of Object.keys(body?.datasets ?? {})) {
    const columns = document.getIn([...project, 'datasets', name, 'schema', 'columns'], true);
    if (yamlPackage().isSeq(columns)) columns.items.forEach((_, index) => flow.push([...project, 'datasets', name, 'schema', 'columns', index]));
  }
  for (const path of flow) {
    const node = document.getIn(path, true);
    if (yamlPackage().isSeq(node) || yamlPackage().isMap(node)) node.flow = true;
  }
  return document.toString({ lineWidth: 0, blockQuote: 'literal', flowCollectionPadding: false });
}

async function refuseExisting(paths: readonly string[]): Promise<void> {
  const existing = await Promise.all(
    paths.map(async (path) => {
      try {
        await lstat(path);
        return true;
      } catch {
        return false;
      }
    }),
  );
  const issues: ConfigIssue[] = paths
    .filter((_, index) => existing[index])
    .map((path) => ({ file: path, line: 0, column: 0, message: 'already exists (pass overwrite to replace it)' }));
  if (issues.length > 0) throw new ConfigError(issues);
}

/** Each file through a temporary sibling and a rename; on failure, no temporary is left behind. */
async function writeAll(contents: ReadonlyMap<string, string>): Promise<void> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const written: string[] = [];
  let current = '';
  try {
    for (const [path, text] of contents) {
      current = path;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}${suffix}`, text);
      written.push(path);
    }
    // The YAML file comes first in `contents`: rename it last, once its code files are in place.
    for (const path of [...written].reverse()) {
      current = path;
      await rename(`${path}${suffix}`, path);
    }
  } catch (error) {
    await Promise.all([...contents.keys()].map(async (path) => rm(`${path}${suffix}`, { force: true }).catch(() => undefined)));
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([{ file: current, line: 0, column: 0, message: `cannot write: ${code}` }], { cause: error });
  }
}
