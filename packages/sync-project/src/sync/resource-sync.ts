import type { JsonObject, Resource, ResourceType } from '@dataiku-iac/models';
import type { DssClient } from '@dataiku-iac/dss-client';

/** Reads one kind of DSS object into `Resource`s. */
export interface ResourceSync {
  readonly resourceType: ResourceType;
  /**
   * Read one resource from DSS.
   * @throws InvalidResourceIdError (INVALID_RESOURCE_ID) for a malformed id or a wrong type prefix
   * @throws ResourceNotFoundError (RESOURCE_NOT_FOUND) only when DSS says the object does not exist
   * @throws DssApiError / DssConnectionError / DssResponseError for every other failure
   */
  fetch(resourceId: string, signal?: AbortSignal): Promise<Resource>;
  /**
   * Read one object with the raw document(s) DSS answered, what a write starts from; `undefined`
   * only when DSS says the object does not exist. Fails as `fetch` does otherwise.
   */
  read(resourceId: string, signal?: AbortSignal): Promise<SyncedObject | undefined>;
  /** Every resource of this type (in `projectKey`), sorted by resource id. */
  listAll(projectKey?: string, signal?: AbortSignal): Promise<Resource[]>;
}

/** An object as DSS holds it: its document(s) and the resource the state records. */
export interface SyncedObject {
  /** A dataset's definition, a recipe's `{recipe, payload}`, a project's `{metadata, settings}`. */
  readonly document: JsonObject;
  readonly resource: Resource;
}

export interface SyncOptions {
  readonly client: DssClient;
  /** `metadata.deployedBy` of the resources built (default `system`). */
  readonly deployedBy?: string | undefined;
  /** HMAC key for secret markers (default: the public `DEFAULT_REDACTION_KEY`; set your own). */
  readonly redactionKey?: string | undefined;
  /** Told about objects that were skipped (listed, then gone; names that cannot be a resource id). */
  readonly onWarning?: ((message: string) => void) | undefined;
  /** RFC 3339 `metadata.deployedAt` of the resources built (default `nowTimestamp`). */
  readonly now?: (() => string) | undefined;
}
