import { illegalArgument, notFound } from './dss-error.js';
import type {
  EmulatorInstance,
  ProjectSeed,
  ProjectVariables,
  RecipeDocument,
  VersionTag,
} from './instance.js';
import { deepCopy, isJsonObject, type JsonObject, omitNullProperties } from './json.js';

/** Project keys the emulator accepts (contract §5: the UI pattern, UNCONFIRMED server-side). */
export const PROJECT_KEY_PATTERN = /^[A-Za-z0-9_]+$/;
/** Dataset and recipe names the emulator accepts (contract §5: `[\w-]+`, no dots). */
export const OBJECT_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface DssStoreOptions {
  /** Milliseconds since the epoch, used for `lastModifiedOn`. Defaults to `Date.now`. */
  clock?: () => number;
  /** The login recorded in `lastModifiedBy` and used as default owner. Defaults to `admin`. */
  login?: string;
}

interface ProjectRecord {
  projectKey: string;
  owner: string;
  metadata: JsonObject;
  settings: JsonObject;
  variables: ProjectVariables;
  creationTag: VersionTag;
  versionTag: VersionTag;
  datasets: Map<string, JsonObject>;
  recipes: Map<string, RecipeDocument>;
}

/** Project-level fields that are not documents: used for list items and summaries. */
export interface ProjectInfo {
  projectKey: string;
  owner: string;
  metadata: JsonObject;
  settings: JsonObject;
  creationTag: VersionTag;
  versionTag: VersionTag;
}

export function defaultProjectSettings(): JsonObject {
  return {
    settings: {
      codeEnvs: {
        python: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' },
        r: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' },
      },
      container: { containerMode: 'NONE' },
      k8sCluster: { clusterMode: 'INHERIT' },
      cluster: { clusterMode: 'INHERIT' },
    },
    exposedObjects: { objects: [] },
    metrics: {},
    metricsChecks: {},
  };
}

const DATASET_DEFAULTS: JsonObject = {
  managed: false,
  featureGroup: false,
  params: {},
  partitioning: { ignoreNonMatchingFile: false, dimensions: [] },
  schema: { columns: [], userModified: false },
  flowOptions: { rebuildBehavior: 'NORMAL', crossProjectBuildBehavior: 'DEFAULT' },
  readWriteOptions: { preserveOrder: false, forceSingleOutputFile: false },
  metrics: {},
  metricsChecks: {},
  tags: [],
  customFields: {},
  customMeta: { kv: {} },
  checklists: { checklists: [] },
};

const RECIPE_DEFAULTS: JsonObject = {
  params: {},
  inputs: {},
  outputs: {},
  optionalDependencies: false,
  redispatchPartitioning: false,
  maxRunningActivities: 0,
  neverRecomputeExistingPartitions: false,
  tags: [],
  customFields: {},
  customMeta: { kv: {} },
  checklists: { checklists: [] },
};

/** Fields of a dataset definition that its `/metadata` view reads and writes. */
const DATASET_METADATA_FIELDS = ['label', 'description', 'shortDesc', 'tags', 'checklists', 'customFields'] as const;

/**
 * The in-memory state of an emulated DSS instance.
 *
 * Documents (metadata, settings, dataset definitions, recipes) are stored opaquely and copied on the
 * way in and out. Every save bumps the object's `versionTag`; creation sets `creationTag` and
 * `versionTag` to version 0. `projectKey` and `name` are identity: a PUT cannot change them (the
 * stored identity wins over the body). Null properties are dropped on save, as DSS omits them.
 * Failures throw `DssError` (404 `NotFoundException`, 400 `DSSIllegalArgumentException`).
 */
export class DssStore {
  readonly login: string;
  private readonly clock: () => number;
  private readonly projects = new Map<string, ProjectRecord>();

  constructor(options: DssStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.login = options.login ?? 'admin';
  }

  // ---------------------------------------------------------------- instance

  /** Adds every project of `instance` (existing keys are an error). */
  load(instance: EmulatorInstance): void {
    for (const project of instance.projects) this.createProject(project);
  }

  /** Removes everything. */
  clear(): void {
    this.projects.clear();
  }

  /** A deep copy of the whole instance, loadable into another store. */
  snapshot(): EmulatorInstance {
    return {
      projects: [...this.projects.values()].map((project) =>
        deepCopy({
          projectKey: project.projectKey,
          owner: project.owner,
          metadata: project.metadata,
          settings: project.settings,
          variables: project.variables,
          creationTag: project.creationTag,
          versionTag: project.versionTag,
          datasets: [...project.datasets.values()],
          recipes: [...project.recipes.values()],
        }),
      ),
    };
  }

  // ---------------------------------------------------------------- projects

  listProjectKeys(): string[] {
    return [...this.projects.keys()];
  }

  hasProject(projectKey: string): boolean {
    return this.projects.has(projectKey);
  }

  getProjectInfo(projectKey: string): ProjectInfo {
    const project = this.project(projectKey);
    return deepCopy({
      projectKey: project.projectKey,
      owner: project.owner,
      metadata: project.metadata,
      settings: project.settings,
      creationTag: project.creationTag,
      versionTag: project.versionTag,
    });
  }

  /** Creates a project with its datasets and recipes. 400 if the key is invalid or taken. */
  createProject(seed: ProjectSeed): void {
    const { projectKey } = seed;
    if (!PROJECT_KEY_PATTERN.test(projectKey)) {
      throw illegalArgument(`Invalid project key '${projectKey}': it must match [A-Za-z0-9_]+`);
    }
    if (this.projects.has(projectKey)) throw illegalArgument(`Project ${projectKey} already exists`);
    const tag = this.newTag();
    const record: ProjectRecord = {
      projectKey,
      owner: seed.owner ?? this.login,
      metadata: omitNullProperties(
        deepCopy(seed.metadata ?? { label: projectKey, tags: [], checklists: { checklists: [] }, custom: { kv: {} } }),
      ),
      settings: omitNullProperties(deepCopy(seed.settings ?? defaultProjectSettings())),
      variables: deepCopy(seed.variables ?? { standard: {}, local: {} }),
      creationTag: deepCopy(seed.creationTag ?? tag),
      versionTag: deepCopy(seed.versionTag ?? tag),
      datasets: new Map(),
      recipes: new Map(),
    };
    this.projects.set(projectKey, record);
    try {
      for (const dataset of seed.datasets ?? []) this.createDataset(projectKey, dataset);
      for (const recipe of seed.recipes ?? []) this.createRecipe(projectKey, recipe);
    } catch (error) {
      this.projects.delete(projectKey);
      throw error;
    }
  }

  deleteProject(projectKey: string): void {
    this.project(projectKey);
    this.projects.delete(projectKey);
  }

  getProjectMetadata(projectKey: string): JsonObject {
    return deepCopy(this.project(projectKey).metadata);
  }

  putProjectMetadata(projectKey: string, metadata: JsonObject): void {
    const project = this.project(projectKey);
    project.metadata = omitNullProperties(deepCopy(metadata));
    project.versionTag = this.bump(project.versionTag);
  }

  getProjectSettings(projectKey: string): JsonObject {
    return deepCopy(this.project(projectKey).settings);
  }

  putProjectSettings(projectKey: string, settings: JsonObject): void {
    const project = this.project(projectKey);
    project.settings = omitNullProperties(deepCopy(settings));
    project.versionTag = this.bump(project.versionTag);
  }

  getProjectVariables(projectKey: string): ProjectVariables {
    return deepCopy(this.project(projectKey).variables);
  }

  /** Variable values are kept verbatim, nulls included (they are user data, not optional fields). */
  putProjectVariables(projectKey: string, variables: ProjectVariables): void {
    const project = this.project(projectKey);
    project.variables = deepCopy({ standard: variables.standard, local: variables.local });
    project.versionTag = this.bump(project.versionTag);
  }

  // ---------------------------------------------------------------- datasets

  /** Full definitions, in creation order. */
  listDatasets(projectKey: string): JsonObject[] {
    return deepCopy([...this.project(projectKey).datasets.values()]);
  }

  hasDataset(projectKey: string, name: string): boolean {
    return this.projects.get(projectKey)?.datasets.has(name) ?? false;
  }

  getDataset(projectKey: string, name: string): JsonObject {
    return deepCopy(this.dataset(projectKey, name));
  }

  /**
   * Creates a dataset from a (possibly partial) definition; missing top-level fields get DSS-like
   * defaults. 400 if the name is invalid or taken or `type` is missing.
   */
  createDataset(projectKey: string, definition: JsonObject): void {
    const project = this.project(projectKey);
    const name = definition.name;
    if (typeof name !== 'string' || !OBJECT_NAME_PATTERN.test(name)) {
      throw illegalArgument(`Invalid dataset name ${JSON.stringify(name ?? null)}: it must match [A-Za-z0-9_-]+`);
    }
    if (project.datasets.has(name)) throw illegalArgument(`Dataset ${projectKey}.${name} already exists`);
    requireType(definition, `dataset ${projectKey}.${name}`);
    const tag = this.newTag();
    const stored = omitNullProperties({
      ...deepCopy(DATASET_DEFAULTS),
      ...deepCopy(definition),
      projectKey,
      name,
    });
    stored.creationTag ??= tag;
    stored.versionTag ??= tag;
    project.datasets.set(name, stored);
  }

  /** Whole-document replace: fields absent from `definition` are gone. */
  putDataset(projectKey: string, name: string, definition: JsonObject): void {
    const current = this.dataset(projectKey, name);
    requireType(definition, `dataset ${projectKey}.${name}`);
    const stored = this.replaced(current, definition, projectKey, name);
    this.project(projectKey).datasets.set(name, stored);
  }

  deleteDataset(projectKey: string, name: string): void {
    this.dataset(projectKey, name);
    this.project(projectKey).datasets.delete(name);
  }

  /** The `/metadata` view of a dataset: tags, checklists, custom (customMeta) and set text fields. */
  getDatasetMetadata(projectKey: string, name: string): JsonObject {
    const dataset = this.dataset(projectKey, name);
    const metadata: JsonObject = {
      checklists: dataset.checklists ?? { checklists: [] },
      tags: dataset.tags ?? [],
      custom: dataset.customMeta ?? { kv: {} },
    };
    for (const field of DATASET_METADATA_FIELDS) {
      const value = dataset[field];
      if (value !== undefined) metadata[field] = value;
    }
    return deepCopy(metadata);
  }

  /** Writes the metadata fields into the dataset definition (whole replace of those fields). */
  putDatasetMetadata(projectKey: string, name: string, metadata: JsonObject): void {
    const current = this.dataset(projectKey, name);
    const metadataFields: readonly string[] = DATASET_METADATA_FIELDS;
    const next: JsonObject = Object.fromEntries(Object.entries(current).filter(([key]) => !metadataFields.includes(key)));
    for (const field of DATASET_METADATA_FIELDS) {
      const value = metadata[field];
      if (value !== undefined) next[field] = deepCopy(value);
    }
    next.checklists ??= { checklists: [] };
    next.tags ??= [];
    next.customMeta = deepCopy(isJsonObject(metadata.custom) ? metadata.custom : { kv: {} });
    next.versionTag = this.bump(current.versionTag);
    this.project(projectKey).datasets.set(name, omitNullProperties(next));
  }

  // ---------------------------------------------------------------- recipes

  /** Full `{recipe, payload}` documents, in creation order. */
  listRecipes(projectKey: string): RecipeDocument[] {
    return deepCopy([...this.project(projectKey).recipes.values()]);
  }

  hasRecipe(projectKey: string, name: string): boolean {
    return this.projects.get(projectKey)?.recipes.has(name) ?? false;
  }

  getRecipe(projectKey: string, name: string): RecipeDocument {
    return deepCopy(this.recipe(projectKey, name));
  }

  /** Creates a recipe; missing definition fields get DSS-like defaults. 400 if the name is invalid or taken. */
  createRecipe(projectKey: string, document: RecipeDocument): void {
    const project = this.project(projectKey);
    const name = document.recipe.name;
    if (typeof name !== 'string' || !OBJECT_NAME_PATTERN.test(name)) {
      throw illegalArgument(`Invalid recipe name ${JSON.stringify(name ?? null)}: it must match [A-Za-z0-9_-]+`);
    }
    if (project.recipes.has(name)) throw illegalArgument(`Recipe ${projectKey}.${name} already exists`);
    requireType(document.recipe, `recipe ${projectKey}.${name}`);
    const tag = this.newTag();
    const recipe = omitNullProperties({ ...deepCopy(RECIPE_DEFAULTS), ...deepCopy(document.recipe), projectKey, name });
    recipe.creationTag ??= tag;
    recipe.versionTag ??= tag;
    project.recipes.set(name, withPayload(recipe, document.payload));
  }

  /** Whole-document replace of `{recipe, payload}`: an absent payload removes the stored one. */
  putRecipe(projectKey: string, name: string, document: RecipeDocument): void {
    const current = this.recipe(projectKey, name);
    requireType(document.recipe, `recipe ${projectKey}.${name}`);
    const recipe = this.replaced(current.recipe, document.recipe, projectKey, name);
    this.project(projectKey).recipes.set(name, withPayload(recipe, document.payload));
  }

  deleteRecipe(projectKey: string, name: string): void {
    this.recipe(projectKey, name);
    this.project(projectKey).recipes.delete(name);
  }

  // ---------------------------------------------------------------- internals

  private project(projectKey: string): ProjectRecord {
    const project = this.projects.get(projectKey);
    if (project === undefined) throw notFound(`Project ${projectKey} does not exist`);
    return project;
  }

  private dataset(projectKey: string, name: string): JsonObject {
    const dataset = this.project(projectKey).datasets.get(name);
    if (dataset === undefined) throw notFound(`Dataset ${projectKey}.${name} does not exist`);
    return dataset;
  }

  private recipe(projectKey: string, name: string): RecipeDocument {
    const recipe = this.project(projectKey).recipes.get(name);
    if (recipe === undefined) throw notFound(`Recipe ${projectKey}.${name} does not exist`);
    return recipe;
  }

  /** The body as the new document, with identity and tags owned by the server. */
  private replaced(current: JsonObject, body: JsonObject, projectKey: string, name: string): JsonObject {
    const next = omitNullProperties({ ...deepCopy(body), projectKey, name });
    next.creationTag = deepCopy(current.creationTag ?? this.newTag());
    next.versionTag = this.bump(current.versionTag);
    return next;
  }

  private newTag(): VersionTag {
    return { versionNumber: 0, lastModifiedBy: { login: this.login }, lastModifiedOn: this.clock() };
  }

  private bump(previous: unknown): VersionTag {
    const number = isJsonObject(previous) && typeof previous.versionNumber === 'number' ? previous.versionNumber : 0;
    return { versionNumber: number + 1, lastModifiedBy: { login: this.login }, lastModifiedOn: this.clock() };
  }
}

function requireType(definition: JsonObject, what: string): void {
  if (typeof definition.type !== 'string' || definition.type === '') {
    throw illegalArgument(`Missing type for ${what}`);
  }
}

function withPayload(recipe: JsonObject, payload: string | undefined): RecipeDocument {
  return payload === undefined ? { recipe } : { recipe, payload };
}
