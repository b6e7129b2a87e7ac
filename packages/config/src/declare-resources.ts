import { type JsonObject, type JsonValue, makeResourceId } from '@dataiku-iac/models';
import type { ConfigIssue } from './config-error.js';
import type { DesiredResource, DesiredResourceType, SecretReference, SourceLocation } from './configuration.js';
import { isCodeRecipeType } from './code-recipe-types.js';
import { parseDatasetRef, refsOfRoles, type RoleKind, rolesFromList } from './dataset-refs.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { createSecretReference, scanSecrets } from './secret-reference.js';
import type { YamlSource } from './yaml-source.js';

/** A recipe's dataset reference from a list, where checkReferences reports it. */
export interface ReferenceSite {
  readonly resourceId: string;
  readonly ref: string;
  readonly key: string;
  readonly location: SourceLocation;
}

/** The list references of each resource the loader built (recipes only). */
export const referenceSites = new WeakMap<DesiredResource, readonly ReferenceSite[]>();

/** Where `code_file`s come from: the file's text, or the problem to report at the key. */
export interface CodeSource {
  read(codeFile: string): string | { problem: string };
}

export interface BuildContext {
  readonly source: YamlSource;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly codeFiles: CodeSource;
}

export interface FileDeclarations {
  readonly projects: readonly { readonly projectKey: string; readonly location: SourceLocation }[];
  readonly resources: readonly DesiredResource[];
  readonly issues: readonly ConfigIssue[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The resources a schema-valid file declares, in the state's shape: list inputs/outputs become role
 * maps, `code_file` becomes `payload`, `${env:NAME}` references are resolved into `secrets`.
 */
export function declareResources(context: BuildContext, root: JsonObject): FileDeclarations {
  const builder = new Builder(context);
  const projects = (root.projects ?? {}) as Record<string, JsonObject>;
  const declared: { projectKey: string; location: SourceLocation }[] = [];
  for (const [projectKey, project] of Object.entries(projects)) {
    declared.push({ projectKey, location: context.source.locate(['projects', projectKey], 'key') });
    builder.project(projectKey, project);
  }
  return { projects: declared, resources: builder.resources, issues: builder.issues };
}

class Builder {
  readonly issues: ConfigIssue[] = [];
  readonly resources: DesiredResource[] = [];
  readonly #context: BuildContext;

  constructor(context: BuildContext) {
    this.#context = context;
  }

  project(projectKey: string, project: JsonObject): void {
    const { datasets, recipes, ...attributes } = project;
    const path = ['projects', projectKey];
    this.#add('project', makeResourceId('project', projectKey), path, { projectKey, ...attributes }, attributes);
    for (const [name, dataset] of Object.entries((datasets ?? {}) as Record<string, JsonObject>)) {
      this.#add('dataset', makeResourceId('dataset', projectKey, name), [...path, 'datasets', name], { name, ...dataset }, dataset);
    }
    for (const [name, recipe] of Object.entries((recipes ?? {}) as Record<string, JsonObject>)) this.#recipe(projectKey, name, recipe);
  }

  #recipe(projectKey: string, name: string, recipe: JsonObject): void {
    const source = this.#context.source;
    const path = ['projects', projectKey, 'recipes', name];
    const { code_file: codeFile, ...declared } = recipe;
    const type = recipe.type as string;
    const attributes: Record<string, JsonValue> = { name, ...declared };
    const sites: ReferenceSite[] = [];
    for (const kind of ['inputs', 'outputs'] as const) {
      const roles = recipe[kind];
      if (Array.isArray(roles)) {
        attributes[kind] = rolesFromList(kind, this.#listRefs(projectKey, [...path, kind], roles as readonly string[], sites));
      }
    }
    const code = isCodeRecipeType(type);
    // Secrets are looked for in declared values, not in code nor in lists of dataset names.
    const scanned = Object.fromEntries(
      Object.entries(declared).filter(([key, value]) => !(code && key === 'payload') && !((key === 'inputs' || key === 'outputs') && Array.isArray(value))),
    );
    if (code && recipe.payload !== undefined && typeof recipe.payload !== 'string') {
      this.issues.push(source.issueAt([...path, 'payload'], `must be a string (the code of a ${type} recipe), or use code_file`));
    }
    const resource = this.#add('recipe', makeResourceId('recipe', projectKey, name), path, attributes, scanned);
    referenceSites.set(resource, sites);
    if (codeFile === undefined) return;
    const codeFilePath = [...path, 'code_file'];
    if (!code) {
      this.issues.push(source.issueAt(codeFilePath, `only code recipes take a code_file; put the settings of a ${type} recipe in "payload"`, 'key'));
    } else if (recipe.payload !== undefined) {
      this.issues.push(source.issueAt(codeFilePath, 'declare either payload or code_file, not both', 'key'));
    } else {
      const result = this.#context.codeFiles.read(codeFile as string);
      if (typeof result === 'string') attributes.payload = result;
      else this.issues.push(source.issueAt(codeFilePath, result.problem));
    }
  }

  /** Dataset ids of a list of refs, recording where each is written; illegal refs are issues. */
  #listRefs(projectKey: string, path: KeyPath, refs: readonly string[], sites: ReferenceSite[]): string[] {
    const source = this.#context.source;
    const stored: string[] = [];
    refs.forEach((text, index) => {
      const itemPath = [...path, index];
      const parsed = parseDatasetRef(text, projectKey);
      if (parsed === undefined) {
        this.issues.push(source.issueAt(itemPath, `invalid dataset reference ${JSON.stringify(text)} (expected NAME, or PROJECT_KEY.NAME for another project's dataset)`));
        return;
      }
      stored.push(parsed.ref);
      sites.push({ resourceId: parsed.resourceId, ref: text, key: formatKeyPath(itemPath), location: source.locate(itemPath) });
    });
    return stored;
  }

  /**
   * Record a resource. `scanned` is what may hold `${env:NAME}`: the declared keys, without the
   * code of code recipes and the list forms.
   */
  #add(
    resourceType: DesiredResourceType,
    resourceId: string,
    path: KeyPath,
    attributes: JsonObject,
    scanned: JsonObject,
  ): DesiredResource {
    const secrets: SecretReference[] = [];
    for (const found of scanSecrets(scanned, [])) {
      const fullPath = [...path, ...found.path];
      if (found.kind === 'problem') {
        this.issues.push(this.#context.source.issueAt(fullPath, found.message));
        continue;
      }
      const value = this.#context.env[found.variable];
      if (value === undefined) this.issues.push(this.#context.source.issueAt(fullPath, `environment variable ${found.variable} is not set`));
      else secrets.push(createSecretReference(found.path, found.variable, value));
    }
    const resource: Mutable<DesiredResource> = {
      resourceId,
      resourceType,
      attributes,
      secrets,
      location: this.#context.source.locate(path, 'key'),
      dependsOn: dependencies(resourceId, attributes),
    };
    this.resources.push(resource);
    return resource;
  }
}

/** A project needs nothing; a dataset needs its project; a recipe also needs every dataset it reads or writes. */
function dependencies(resourceId: string, attributes: JsonObject): string[] {
  const [type, projectKey = ''] = resourceId.split('.');
  if (type === 'project') return [];
  const needed = new Set([makeResourceId('project', projectKey)]);
  if (type === 'recipe') {
    for (const kind of ['inputs', 'outputs'] as RoleKind[]) {
      for (const ref of refsOfRoles(attributes[kind])) {
        const parsed = parseDatasetRef(ref, projectKey);
        if (parsed !== undefined) needed.add(parsed.resourceId);
      }
    }
  }
  return [...needed].sort();
}
