import type { JsonObject, Resource } from '@dataiku-iac/models';

/** An object as DSS holds it: its raw document, and the resource the state would record. */
export interface DssObject {
  /**
   * The document(s) a write starts from: a dataset's definition, a recipe's `{recipe, payload}`,
   * a project's `{metadata, settings}`.
   */
  readonly document: JsonObject;
  readonly resource: Resource;
}

/**
 * Reads and writes of DSS objects by resource id, in the state's attribute shape. The apply engine
 * holds this, never an HTTP client: `@dataiku-iac/manager` builds it on `@dataiku-iac/dss-client`.
 */
export interface DssObjects {
  /** The object now; `undefined` only when DSS says it does not exist. */
  read(resourceId: string): Promise<DssObject | undefined>;
  /** Create it with these attributes (secrets resolved). Never retried blindly. */
  create(resourceId: string, attributes: JsonObject): Promise<void>;
  /** Write these attributes over `current`: only the keys they declare change, the rest of the document is kept. */
  update(resourceId: string, current: DssObject, attributes: JsonObject): Promise<void>;
  /** Delete it (a dataset's data is never dropped). */
  delete(resourceId: string): Promise<void>;
}
