import type { JsonObject } from '@dataiku-iac/models';

/** Where something is declared: the file (relative to the working directory when inside it), 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A `${env:NAME}` reference in a resource's attributes. */
export interface SecretReference {
  /** The path inside the resource's attributes, e.g. `['params', 'password']`. */
  readonly path: readonly (string | number)[];
  /** NAME of `${env:NAME}`. */
  readonly variable: string;
  /** The value of the environment variable: in memory only, left out of JSON and of `util.inspect`. */
  readonly value: string;
}

export type DesiredResourceType = 'project' | 'dataset' | 'recipe';

/** One project, dataset or recipe as the configuration declares it. */
export interface DesiredResource {
  /** `project.K`, `dataset.K.n`, `recipe.K.n`. */
  readonly resourceId: string;
  readonly resourceType: DesiredResourceType;
  /**
   * Only the keys the configuration declares, in the state's shape (plus the identity the map key
   * gives: a project's `projectKey`, a dataset's or recipe's `name`). A secret stays as its
   * `${env:NAME}` text here, never its value.
   */
  readonly attributes: JsonObject;
  readonly secrets: readonly SecretReference[];
  /** Where it is declared (its key). */
  readonly location: SourceLocation;
  /**
   * Resource ids this one needs first: a dataset or recipe → its project; a recipe → the datasets of
   * its inputs and outputs (possibly in other projects), sorted.
   */
  readonly dependsOn: readonly string[];
}

/** Everything a configuration file or directory declares. */
export interface Configuration {
  /** The file or directory loaded (absolute). */
  readonly source: string;
  /** Every file read, YAML and code files (absolute, sorted). */
  readonly files: readonly string[];
  /** Declared projects, sorted. */
  readonly projectKeys: readonly string[];
  /** Sorted by resource id. */
  readonly resources: readonly DesiredResource[];
  /** The code files read (`code_file`), relative to the configuration's directory, sorted, with `/`. */
  readonly codeFiles: readonly string[];
  /**
   * SHA-256 of the files read, YAML and code, by their paths relative to the configuration's
   * directory (see `digestFiles`): it changes with any byte of them, never with the environment
   * (secret values are checked on their own), and not when the directory moves.
   * `configurationDigest` computes it again without parsing.
   */
  readonly digest: string;
}
