import { randomBytes } from 'node:crypto';
import { illegalArgument, notFound } from '../dss-error.js';
import type {
  EmulatorInstance,
  ProjectSeed,
  ProjectVariables,
  RecipeDocument,
  ScenarioDocument,
  VersionTag,
} from '../instance.js';
import { deepCopy, isJsonObject, type JsonObject, omitNullProperties } from '../json.js';
import { DEFAULT_CONNECTIONS } from './connections.js';
import { Documents } from './documents.js';
import { metadataOf, withMetadata } from './metadata-view.js';
import { defaultProjectMetadata, defaultProjectPermissions, defaultProjectSettings } from './project-defaults.js';
import { withRenamedRef } from './recipe-refs.js';

/** Project keys the emulator accepts (contract §5: the UI pattern, UNCONFIRMED server-side). */
export const PROJECT_KEY_PATTERN = /^[A-Za-z0-9_]+$/;
/** Dataset and recipe names the emulator accepts (contract §5: `[\w-]+`, no dots). */
export const OBJECT_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface DssStoreOptions {
  /** Milliseconds since the epoch, used for `lastModifiedOn`. Defaults to `Date.now`. */
  clock?: () => number;
  /** The login recorded in `lastModifiedBy` and used as default owner. Defaults to `admin`. */
  login?: string;
  /** Known connections, name → dataset type of a managed dataset on it. Default `DEFAULT_CONNECTIONS`. */
  connections?: Readonly<Record<string, string>>;
}

/** A file of a managed folder. */
export interface FolderFile {
  path: string;
  size: number;
  lastModified: number;
}

interface ProjectRecord {
  projectKey: string;
  owner: string;
  metadata: JsonObject;
  settings: JsonObject;
  variables: ProjectVariables;
  permissions: JsonObject;
  tagDefinitions: JsonObject;
  creationTag: VersionTag;
  versionTag: VersionTag;
  datasets: Documents<JsonObject>;
  recipes: Documents<RecipeDocument>;
  scenarios: Documents<ScenarioDocument>;
  managedFolders: Documents<JsonObject>;
  /** Managed folder id → path → bytes. */
  folderFiles: Map<string, Map<string, { bytes: Uint8Array; lastModified: number }>>;
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

const SCENARIO_DEFAULTS: JsonObject = {
  active: false,
  triggers: [],
  reporters: [],
  params: {},
  tags: [],
  customFields: {},
  checklists: { checklists: [] },
};

const FOLDER_ID_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The in-memory state of an emulated DSS instance: what a DSS holds, without the HTTP layer.
 *
 * Documents (metadata, settings, dataset definitions, recipes, scenarios, managed folders) are stored
 * opaquely and copied on the way in and out. Every save bumps the object's `versionTag`; creation
 * sets `creationTag` and `versionTag` to version 0 unless given. `projectKey`, `name` (datasets,
 * recipes) and `id` (scenarios, folders) are identity: a save cannot change them. Null properties are
 * dropped, as DSS omits them. Failures throw `DssError` (404 `NotFoundException`, 400
 * `DSSIllegalArgumentException`).
 *
 * The store is what tests seed and change behind the API's back; it applies none of the checks and
 * defaults of DSS's write endpoints (unknown connections, missing outputs, creation defaults…),
 * which the routes add.
 */
export class DssStore {
  readonly login: string;
  /** Known connections, name → dataset type; change it to add or remove connections. */
  readonly connections: Map<string, string>;
  private readonly clock: () => number;
  private readonly projects = new Map<string, ProjectRecord>();
  private readonly futures = new Map<string, JsonObject>();

  constructor(options: DssStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.login = options.login ?? 'admin';
    this.connections = new Map(Object.entries(options.connections ?? DEFAULT_CONNECTIONS));
  }

  /** Milliseconds since the epoch, by the store's clock. */
  now(): number {
    return this.clock();
  }

  // ---------------------------------------------------------------- instance

  /** Adds every project of `instance` (existing keys are an error). */
  load(instance: EmulatorInstance): void {
    for (const project of instance.projects) this.createProject(project);
  }

  /** Removes every project and future. */
  clear(): void {
    this.projects.clear();
    this.futures.clear();
  }

  /** A deep copy of the whole instance (managed folder files aside), loadable into another store. */
  snapshot(): EmulatorInstance {
    return {
      projects: [...this.projects.values()].map((project) =>
        deepCopy({
          projectKey: project.projectKey,
          owner: project.owner,
          metadata: project.metadata,
          settings: project.settings,
          variables: project.variables,
          permissions: project.permissions,
          tagDefinitions: project.tagDefinitions,
          creationTag: project.creationTag,
          versionTag: project.versionTag,
          datasets: project.datasets.values(),
          recipes: project.recipes.values(),
          scenarios: project.scenarios.values(),
          managedFolders: project.managedFolders.values(),
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

  /** Creates a project with its objects. 400 if the key is invalid or taken, or an object is invalid. */
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
      metadata: omitNullProperties(deepCopy(seed.metadata ?? defaultProjectMetadata(projectKey))),
      settings: omitNullProperties(deepCopy(seed.settings ?? defaultProjectSettings())),
      variables: deepCopy(seed.variables ?? { standard: {}, local: {} }),
      permissions: omitNullProperties(deepCopy(seed.permissions ?? defaultProjectPermissions())),
      tagDefinitions: omitNullProperties(deepCopy(seed.tagDefinitions ?? { tags: {} })),
      creationTag: deepCopy(seed.creationTag ?? tag),
      versionTag: deepCopy(seed.versionTag ?? tag),
      datasets: new Documents((name) => `Dataset ${projectKey}.${name}`),
      recipes: new Documents((name) => `Recipe ${projectKey}.${name}`),
      scenarios: new Documents((id) => `Scenario ${projectKey}.${id}`),
      managedFolders: new Documents((id) => `Managed folder ${projectKey}.${id}`),
      folderFiles: new Map(),
    };
    this.projects.set(projectKey, record);
    try {
      for (const dataset of seed.datasets ?? []) this.createDataset(projectKey, dataset);
      for (const recipe of seed.recipes ?? []) this.createRecipe(projectKey, recipe);
      for (const scenario of seed.scenarios ?? []) this.createScenario(projectKey, scenario);
      for (const folder of seed.managedFolders ?? []) this.createManagedFolder(projectKey, folder);
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
    this.touch(project);
  }

  getProjectSettings(projectKey: string): JsonObject {
    return deepCopy(this.project(projectKey).settings);
  }

  putProjectSettings(projectKey: string, settings: JsonObject): void {
    const project = this.project(projectKey);
    project.settings = omitNullProperties(deepCopy(settings));
    this.touch(project);
  }

  getProjectVariables(projectKey: string): ProjectVariables {
    return deepCopy(this.project(projectKey).variables);
  }

  /** Variable values are kept verbatim, nulls included (they are user data, not optional fields). */
  putProjectVariables(projectKey: string, variables: ProjectVariables): void {
    const project = this.project(projectKey);
    project.variables = deepCopy({ standard: variables.standard, local: variables.local });
    this.touch(project);
  }

  /** `{owner, permissions, …}`: the owner is the project's. */
  getProjectPermissions(projectKey: string): JsonObject {
    const project = this.project(projectKey);
    return deepCopy({ owner: project.owner, ...project.permissions });
  }

  /** Replaces the permissions document; a string `owner` in it becomes the project's owner. */
  putProjectPermissions(projectKey: string, permissions: JsonObject): void {
    const project = this.project(projectKey);
    const { owner, ...rest } = omitNullProperties(deepCopy(permissions));
    if (typeof owner === 'string') project.owner = owner;
    project.permissions = rest;
    this.touch(project);
  }

  getTagDefinitions(projectKey: string): JsonObject {
    return deepCopy(this.project(projectKey).tagDefinitions);
  }

  putTagDefinitions(projectKey: string, definitions: JsonObject): void {
    const project = this.project(projectKey);
    project.tagDefinitions = omitNullProperties(deepCopy(definitions));
    this.touch(project);
  }

  // ---------------------------------------------------------------- datasets

  /** Full definitions, in creation order. */
  listDatasets(projectKey: string): JsonObject[] {
    return deepCopy(this.project(projectKey).datasets.values());
  }

  hasDataset(projectKey: string, name: string): boolean {
    return this.projects.get(projectKey)?.datasets.has(name) ?? false;
  }

  getDataset(projectKey: string, name: string): JsonObject {
    return deepCopy(this.project(projectKey).datasets.get(name));
  }

  /**
   * Creates a dataset from a (possibly partial) definition; missing top-level fields get DSS-like
   * defaults. 400 if the name is invalid or taken or `type` is missing.
   */
  createDataset(projectKey: string, definition: JsonObject): void {
    const project = this.project(projectKey);
    const name = checkedName(definition.name, 'dataset');
    requireType(definition, `dataset ${projectKey}.${name}`);
    const stored = this.created({ ...deepCopy(DATASET_DEFAULTS), ...deepCopy(definition), projectKey, name });
    project.datasets.add(name, stored);
  }

  /** Whole-document replace: fields absent from `definition` are gone. */
  putDataset(projectKey: string, name: string, definition: JsonObject): void {
    const datasets = this.project(projectKey).datasets;
    const current = datasets.get(name);
    requireType(definition, `dataset ${projectKey}.${name}`);
    datasets.replace(name, this.replaced(current, { ...deepCopy(definition), projectKey, name }));
  }

  deleteDataset(projectKey: string, name: string): void {
    this.project(projectKey).datasets.delete(name);
  }

  /** The `/metadata` view of a dataset: tags, checklists, custom (customMeta) and set text fields. */
  getDatasetMetadata(projectKey: string, name: string): JsonObject {
    return metadataOf(this.project(projectKey).datasets.get(name));
  }

  /** Writes the metadata fields into the dataset definition (whole replace of those fields). */
  putDatasetMetadata(projectKey: string, name: string, metadata: JsonObject): void {
    const datasets = this.project(projectKey).datasets;
    const current = datasets.get(name);
    datasets.replace(name, this.replaced(current, withMetadata(current, metadata)));
  }

  /** The dataset's `schema` (`{columns, userModified}`). */
  getDatasetSchema(projectKey: string, name: string): JsonObject {
    const schema = this.project(projectKey).datasets.get(name).schema;
    return deepCopy(isJsonObject(schema) ? schema : { columns: [], userModified: false });
  }

  putDatasetSchema(projectKey: string, name: string, schema: JsonObject): void {
    const datasets = this.project(projectKey).datasets;
    const current = datasets.get(name);
    datasets.replace(name, this.replaced(current, { ...current, schema: deepCopy(schema) }));
  }

  /**
   * Renames a dataset, and the refs to it in the recipes of its project (`name`) and of the other
   * projects (`KEY.name`). 404 if unknown, 400 if the new name is invalid or taken.
   */
  renameDataset(projectKey: string, from: string, to: string): void {
    const project = this.project(projectKey);
    const current = project.datasets.get(from);
    checkedName(to, 'dataset');
    project.datasets.rename(from, to, this.replaced(current, { ...current, name: to }));
    for (const other of this.projects.values()) {
      const [oldRef, newRef] = other === project ? [from, to] : [`${projectKey}.${from}`, `${projectKey}.${to}`];
      for (const document of other.recipes.values()) {
        const renamed = withRenamedRef(document.recipe, oldRef, newRef);
        if (renamed === undefined) continue;
        const name = document.recipe.name as string;
        other.recipes.replace(name, withPayload(this.replaced(document.recipe, renamed), document.payload));
      }
    }
  }

  // ---------------------------------------------------------------- recipes

  /** Full `{recipe, payload}` documents, in creation order. */
  listRecipes(projectKey: string): RecipeDocument[] {
    return deepCopy(this.project(projectKey).recipes.values());
  }

  hasRecipe(projectKey: string, name: string): boolean {
    return this.projects.get(projectKey)?.recipes.has(name) ?? false;
  }

  getRecipe(projectKey: string, name: string): RecipeDocument {
    return deepCopy(this.project(projectKey).recipes.get(name));
  }

  /** Creates a recipe; missing definition fields get DSS-like defaults. 400 if the name is invalid or taken. */
  createRecipe(projectKey: string, document: RecipeDocument): void {
    const project = this.project(projectKey);
    const name = checkedName(document.recipe.name, 'recipe');
    requireType(document.recipe, `recipe ${projectKey}.${name}`);
    const recipe = this.created({ ...deepCopy(RECIPE_DEFAULTS), ...deepCopy(document.recipe), projectKey, name });
    project.recipes.add(name, withPayload(recipe, document.payload));
  }

  /** Whole-document replace of `{recipe, payload}`: an absent payload removes the stored one. */
  putRecipe(projectKey: string, name: string, document: RecipeDocument): void {
    const recipes = this.project(projectKey).recipes;
    const current = recipes.get(name);
    requireType(document.recipe, `recipe ${projectKey}.${name}`);
    const recipe = this.replaced(current.recipe, { ...deepCopy(document.recipe), projectKey, name });
    recipes.replace(name, withPayload(recipe, document.payload));
  }

  deleteRecipe(projectKey: string, name: string): void {
    this.project(projectKey).recipes.delete(name);
  }

  /** The `/metadata` view of a recipe, as for datasets. */
  getRecipeMetadata(projectKey: string, name: string): JsonObject {
    return metadataOf(this.project(projectKey).recipes.get(name).recipe);
  }

  putRecipeMetadata(projectKey: string, name: string, metadata: JsonObject): void {
    const recipes = this.project(projectKey).recipes;
    const current = recipes.get(name);
    recipes.replace(name, withPayload(this.replaced(current.recipe, withMetadata(current.recipe, metadata)), current.payload));
  }

  /** Renames a recipe. 404 if unknown, 400 if the new name is invalid or taken. */
  renameRecipe(projectKey: string, from: string, to: string): void {
    const recipes = this.project(projectKey).recipes;
    const current = recipes.get(from);
    checkedName(to, 'recipe');
    recipes.rename(from, to, withPayload(this.replaced(current.recipe, { ...current.recipe, name: to }), current.payload));
  }

  // ---------------------------------------------------------------- scenarios

  /** Scenario settings, in creation order. */
  listScenarios(projectKey: string): JsonObject[] {
    return deepCopy(this.project(projectKey).scenarios.values().map((document) => document.scenario));
  }

  hasScenario(projectKey: string, id: string): boolean {
    return this.projects.get(projectKey)?.scenarios.has(id) ?? false;
  }

  getScenario(projectKey: string, id: string): JsonObject {
    return deepCopy(this.project(projectKey).scenarios.get(id).scenario);
  }

  /** Creates a scenario; its settings need an `id` and a `type`. 400 if the id is missing or taken. */
  createScenario(projectKey: string, document: ScenarioDocument): void {
    const project = this.project(projectKey);
    const id = document.scenario.id;
    if (typeof id !== 'string' || id === '') throw illegalArgument(`Missing scenario id in project ${projectKey}`);
    requireType(document.scenario, `scenario ${projectKey}.${id}`);
    const scenario = this.created({ ...deepCopy(SCENARIO_DEFAULTS), ...deepCopy(document.scenario), projectKey, id });
    project.scenarios.add(id, document.script === undefined ? { scenario } : { scenario, script: document.script });
  }

  /** Whole-document replace of the settings; the script is kept. */
  putScenario(projectKey: string, id: string, settings: JsonObject): void {
    const scenarios = this.project(projectKey).scenarios;
    const current = scenarios.get(id);
    scenarios.replace(id, { ...current, scenario: this.replaced(current.scenario, { ...deepCopy(settings), projectKey, id }) });
  }

  deleteScenario(projectKey: string, id: string): void {
    this.project(projectKey).scenarios.delete(id);
  }

  /** The script of a `custom_python` scenario; `""` when it has none. */
  getScenarioScript(projectKey: string, id: string): string {
    return this.project(projectKey).scenarios.get(id).script ?? '';
  }

  putScenarioScript(projectKey: string, id: string, script: string): void {
    const scenarios = this.project(projectKey).scenarios;
    const current = scenarios.get(id);
    scenarios.replace(id, { scenario: this.replaced(current.scenario, current.scenario), script });
  }

  // ---------------------------------------------------------------- managed folders

  /** Folder definitions, in creation order. */
  listManagedFolders(projectKey: string): JsonObject[] {
    return deepCopy(this.project(projectKey).managedFolders.values());
  }

  hasManagedFolder(projectKey: string, id: string): boolean {
    return this.projects.get(projectKey)?.managedFolders.has(id) ?? false;
  }

  getManagedFolder(projectKey: string, id: string): JsonObject {
    return deepCopy(this.project(projectKey).managedFolders.get(id));
  }

  /** An unused folder id: 8 random letters and digits, as DSS generates them. */
  newManagedFolderId(projectKey: string): string {
    const folders = this.project(projectKey).managedFolders;
    for (;;) {
      const id = [...randomBytes(8)].map((byte) => FOLDER_ID_CHARACTERS[byte % FOLDER_ID_CHARACTERS.length] ?? '').join('');
      if (!folders.has(id)) return id;
    }
  }

  /** Creates a folder from its definition, which needs an `id`. 400 if the id is missing or taken. */
  createManagedFolder(projectKey: string, definition: JsonObject): void {
    const project = this.project(projectKey);
    const id = definition.id;
    if (typeof id !== 'string' || id === '') throw illegalArgument(`Missing managed folder id in project ${projectKey}`);
    project.managedFolders.add(id, this.created({ ...deepCopy(definition), projectKey, id }));
    project.folderFiles.set(id, new Map());
  }

  /** Whole-document replace. */
  putManagedFolder(projectKey: string, id: string, definition: JsonObject): void {
    const folders = this.project(projectKey).managedFolders;
    folders.replace(id, this.replaced(folders.get(id), { ...deepCopy(definition), projectKey, id }));
  }

  /** Deletes the folder (the files go with it in the emulator; DSS keeps them on the connection). */
  deleteManagedFolder(projectKey: string, id: string): void {
    const project = this.project(projectKey);
    project.managedFolders.delete(id);
    project.folderFiles.delete(id);
  }

  /** Changes the folder's display `name`; its id stays. */
  renameManagedFolder(projectKey: string, id: string, name: string): void {
    const folders = this.project(projectKey).managedFolders;
    const current = folders.get(id);
    folders.replace(id, this.replaced(current, { ...current, name }));
  }

  /** The files of a folder, by path. */
  listFolderFiles(projectKey: string, id: string): FolderFile[] {
    return [...this.folderFiles(projectKey, id)].map(([path, file]) => ({ path, size: file.bytes.length, lastModified: file.lastModified }));
  }

  getFolderFile(projectKey: string, id: string, path: string): Uint8Array {
    const file = this.folderFiles(projectKey, id).get(path);
    if (file === undefined) throw notFound(`File ${path} does not exist in managed folder ${projectKey}.${id}`);
    return new Uint8Array(file.bytes);
  }

  putFolderFile(projectKey: string, id: string, path: string, bytes: Uint8Array): void {
    this.folderFiles(projectKey, id).set(path, { bytes: new Uint8Array(bytes), lastModified: this.clock() });
  }

  deleteFolderFile(projectKey: string, id: string, path: string): void {
    this.getFolderFile(projectKey, id, path);
    this.folderFiles(projectKey, id).delete(path);
  }

  // ---------------------------------------------------------------- futures

  /** Records a finished long task and returns its job id. */
  addFinishedFuture(result: JsonObject): string {
    const jobId = randomBytes(6).toString('hex');
    this.futures.set(jobId, { jobId, hasResult: true, alive: false, aborted: false, result: deepCopy(result) });
    return jobId;
  }

  getFuture(jobId: string): JsonObject {
    const future = this.futures.get(jobId);
    if (future === undefined) throw notFound(`Future ${jobId} does not exist`);
    return deepCopy(future);
  }

  abortFuture(jobId: string): void {
    this.getFuture(jobId);
    this.futures.delete(jobId);
  }

  // ---------------------------------------------------------------- internals

  private project(projectKey: string): ProjectRecord {
    const project = this.projects.get(projectKey);
    if (project === undefined) throw notFound(`Project ${projectKey} does not exist`);
    return project;
  }

  private folderFiles(projectKey: string, id: string): Map<string, { bytes: Uint8Array; lastModified: number }> {
    const project = this.project(projectKey);
    project.managedFolders.get(id);
    let files = project.folderFiles.get(id);
    if (files === undefined) {
      files = new Map();
      project.folderFiles.set(id, files);
    }
    return files;
  }

  private touch(project: ProjectRecord): void {
    project.versionTag = this.bump(project.versionTag);
  }

  /** A new document, without nulls, with version tags at 0 unless it has its own. */
  private created(document: JsonObject): JsonObject {
    const stored = omitNullProperties(document);
    const tag = this.newTag();
    stored.creationTag ??= tag;
    stored.versionTag ??= deepCopy(tag);
    return stored;
  }

  /** `next` as the new version of `current`: tags owned by the server, nulls dropped. */
  private replaced(current: JsonObject, next: JsonObject): JsonObject {
    const stored = omitNullProperties(deepCopy(next));
    stored.creationTag = deepCopy(current.creationTag ?? this.newTag());
    stored.versionTag = this.bump(current.versionTag);
    return stored;
  }

  private newTag(): VersionTag {
    return { versionNumber: 0, lastModifiedBy: { login: this.login }, lastModifiedOn: this.clock() };
  }

  private bump(previous: unknown): VersionTag {
    const number = isJsonObject(previous) && typeof previous.versionNumber === 'number' ? previous.versionNumber : 0;
    return { versionNumber: number + 1, lastModifiedBy: { login: this.login }, lastModifiedOn: this.clock() };
  }
}

/** `name` when it is a valid dataset or recipe name; 400 otherwise. */
export function checkedName(name: unknown, kind: 'dataset' | 'recipe'): string {
  if (typeof name !== 'string' || !OBJECT_NAME_PATTERN.test(name)) {
    throw illegalArgument(`Invalid ${kind} name ${JSON.stringify(name ?? null)}: it must match [A-Za-z0-9_-]+`);
  }
  return name;
}

function requireType(definition: JsonObject, what: string): void {
  if (typeof definition.type !== 'string' || definition.type === '') {
    throw illegalArgument(`Missing type for ${what}`);
  }
}

function withPayload(recipe: JsonObject, payload: string | undefined): RecipeDocument {
  return payload === undefined ? { recipe } : { recipe, payload };
}
