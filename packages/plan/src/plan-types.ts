import type { AttributeChange, JsonObject, ResourceType } from '@dataiku-iac/models';

/** The plan format this version writes and reads. */
export const PLAN_FORMAT_VERSION = 1;

export type PlanActionType = 'create' | 'update' | 'replace' | 'delete';

/** A secret of a planned write: where it goes and the variable it comes from, never its value. */
export interface PlannedSecret {
  readonly path: readonly (string | number)[];
  readonly variable: string;
  /** The keyed hash of the value at plan time, so apply can tell the variable changed since. */
  readonly marker: string;
}

export interface PlanAction {
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly action: PlanActionType;
  /** Why a replace is needed: `type changes from "Filesystem" to "S3"`. */
  readonly reason?: string;
  /** What changes, as drift shows it (a create lists every declared attribute as added). */
  readonly changes: readonly AttributeChange[];
  /** The declared attributes apply writes (create, update, replace); secrets as `${env:NAME}`. */
  readonly desired?: JsonObject;
  readonly secrets: readonly PlannedSecret[];
  /**
   * The checksum of the DSS object's attributes the plan was made against, `null` when it did not
   * exist: apply re-reads the object and refuses to write when it changed since.
   */
  readonly fingerprint: string | null;
  /** Other actions of the same phase (writes, then deletes) that must be done before this one. */
  readonly after: readonly string[];
}

/** The configuration a plan was made from, so that apply can tell whether it changed since. */
export interface PlanConfigurationReference {
  /** The file or directory loaded (absolute). */
  readonly source: string;
  /** The digest of its files (`Configuration.digest` of `@dataiku-iac/config`). */
  readonly digest: string;
  /** The code files it read, relative to its directory: with the YAML files, what the digest covers. */
  readonly codeFiles: readonly string[];
}

/** The state a plan was made against. */
export interface PlanStateReference {
  readonly lineage: string | null;
  readonly serial: number;
  /** sha256 over every resource's id, checksum and managed mark (`resourcesDigest`). */
  readonly resourcesDigest: string;
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  /** Declared objects that already match DSS. */
  readonly unchanged: number;
  /** Objects in the planned projects that no configuration declares and this tool does not manage: never deleted. */
  readonly unmanaged: number;
}

/**
 * What `plan` found and what `apply` will do: writes first, in dependency order, then deletes in
 * reverse dependency order.
 */
export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly toolVersion: string;
  /** RFC 3339. */
  readonly createdAt: string;
  readonly environment: string;
  /** False when planned against the state file instead of DSS (`--refresh=false`). */
  readonly refreshed: boolean;
  readonly state: PlanStateReference;
  readonly configuration: PlanConfigurationReference;
  /** The projects compared. */
  readonly projectKeys: readonly string[];
  readonly allowDestroyProject: boolean;
  readonly actions: readonly PlanAction[];
  readonly summary: PlanSummary;
}
