import type { JsonObject } from './json.js';

/** `creationTag` / `versionTag` of a DSS object. */
// A type alias (not an interface) so that it is assignable to `JsonObject`.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type VersionTag = {
  versionNumber: number;
  lastModifiedBy: { login: string };
  lastModifiedOn: number;
};

/** Project variables, as served by `GET /projects/{k}/variables/`. */
export interface ProjectVariables {
  standard: JsonObject;
  local: JsonObject;
}

/** A recipe as served by `GET /projects/{k}/recipes/{r}`: definition plus optional payload. */
export interface RecipeDocument {
  recipe: JsonObject;
  payload?: string;
}

/** A scenario as stored: its settings, plus the script of a `custom_python` scenario (`…/payload`). */
export interface ScenarioDocument {
  scenario: JsonObject;
  script?: string;
}

/**
 * One project of an emulated instance. Only `projectKey` is required; the store fills DSS-like
 * defaults for the rest (metadata with `label = projectKey`, default settings, empty variables).
 */
export interface ProjectSeed {
  projectKey: string;
  owner?: string;
  /** label, description, shortDesc, tags, checklists, custom, customFields… */
  metadata?: JsonObject;
  /** Technical settings, stored opaquely. */
  settings?: JsonObject;
  variables?: ProjectVariables;
  /** `GET /projects/{k}/permissions` without `owner` (which is `owner` above). */
  permissions?: JsonObject;
  /** `GET /projects/{k}/tags`: the tag definitions (colours), `{tags: {name: {…}}}`. */
  tagDefinitions?: JsonObject;
  creationTag?: VersionTag;
  versionTag?: VersionTag;
  /** Full dataset definitions; `projectKey` is forced to the project's key. */
  datasets?: JsonObject[];
  recipes?: RecipeDocument[];
  /** Scenario settings with their `id`. */
  scenarios?: ScenarioDocument[];
  /** Managed folder definitions with their `id`. */
  managedFolders?: JsonObject[];
}

/** The whole content of an emulated DSS instance. */
export interface EmulatorInstance {
  projects: ProjectSeed[];
}
