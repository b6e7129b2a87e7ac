import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { Resource, type ResourceJson } from './resource.js';
import type { ResourceType } from './resource-id.js';
import { nowTimestamp } from './timestamp.js';

/** The only state format version this library reads and writes. */
export const STATE_VERSION = 1;

/** A state as the state file stores it (the spec's field names). */
export interface StateJson {
  readonly version: number;
  readonly serial: number;
  readonly lineage?: string | null;
  readonly environment?: string;
  readonly updated_at: string;
  readonly resources: Readonly<Record<string, ResourceJson>>;
}

export interface StateInit {
  readonly serial?: number;
  readonly lineage?: string | null;
  readonly environment?: string;
  readonly updatedAt?: string;
  readonly resources?: Iterable<Resource>;
}

/**
 * All tracked resources of one environment.
 *
 * `serial` and `lineage` follow Terraform's rules and are managed by the state backend, not by
 * edits: the serial saved increases by exactly one on every save that changes content, and the
 * lineage (a UUID) is assigned on the first save that writes and never changes afterwards
 * (`null` means not yet assigned, as in files written by the Python implementation).
 */
export class State {
  readonly version = STATE_VERSION;
  serial: number;
  lineage: string | null;
  environment: string;
  /** RFC 3339 timestamp of the last save that changed content. */
  updatedAt: string;
  private readonly byId = new Map<string, Resource>();
  /** The ids in order, until the next addition or removal: a plan or a save asks for them several times. */
  #sortedIds: string[] | undefined;

  constructor(init: StateInit = {}) {
    this.serial = init.serial ?? 0;
    this.lineage = init.lineage ?? null;
    this.environment = init.environment ?? '';
    this.updatedAt = init.updatedAt ?? nowTimestamp();
    for (const resource of init.resources ?? []) this.addResource(resource);
  }

  get resources(): ReadonlyMap<string, Resource> {
    return this.byId;
  }

  get size(): number {
    return this.byId.size;
  }

  getResource(resourceId: string): Resource | undefined {
    return this.byId.get(resourceId);
  }

  hasResource(resourceId: string): boolean {
    return this.byId.has(resourceId);
  }

  /** Add a resource, or replace the one with the same id. */
  addResource(resource: Resource): void {
    if (!this.byId.has(resource.resourceId)) this.#sortedIds = undefined;
    this.byId.set(resource.resourceId, resource);
  }

  /** Remove a resource; returns it, or `undefined` when it was not there. */
  removeResource(resourceId: string): Resource | undefined {
    const resource = this.byId.get(resourceId);
    if (this.byId.delete(resourceId)) this.#sortedIds = undefined;
    return resource;
  }

  /** The ids of all resources, sorted (by code point, the order of the state file). */
  resourceIds(): string[] {
    // Ids are ASCII (the Resource constructor checks them), where UTF-16 order is code point order:
    // the native comparison is exact, and several times faster than compareCodePoints.
    this.#sortedIds ??= [...this.byId.keys()].sort();
    return [...this.#sortedIds];
  }

  /** All resources, or those of one type, sorted by id. */
  listResources(resourceType?: ResourceType): Resource[] {
    const resources: Resource[] = [];
    for (const id of this.resourceIds()) {
      const resource = this.byId.get(id) as Resource;
      if (resourceType === undefined || resource.resourceType === resourceType) resources.push(resource);
    }
    return resources;
  }

  /** A copy sharing the (immutable) resources. */
  clone(): State {
    return new State({
      serial: this.serial,
      lineage: this.lineage,
      environment: this.environment,
      updatedAt: this.updatedAt,
      resources: this.byId.values(),
    });
  }

  /** The state-file form, resources in id order. */
  toJSON(): StateJson {
    const resources: Record<string, ResourceJson> = {};
    // Resource ids always contain a dot, so none can be "__proto__".
    for (const id of this.resourceIds()) resources[id] = (this.byId.get(id) as Resource).toJSON();
    return {
      version: this.version,
      serial: this.serial,
      lineage: this.lineage,
      environment: this.environment,
      updated_at: this.updatedAt,
      resources,
    };
  }

  /**
   * Build a state from its state-file form. Validate it first (`@dataiku-iac/schema`): this only
   * checks what it needs to build the objects.
   * @throws InvalidArgumentError (INVALID_ARGUMENT) for another version or a key that differs from its resource's id
   * @throws InvalidResourceIdError (INVALID_RESOURCE_ID) for a malformed resource id
   */
  static fromJSON(json: StateJson): State {
    if (json.version !== STATE_VERSION) throw new InvalidArgumentError(`unsupported state version ${json.version}`);
    const state = new State({
      serial: json.serial,
      lineage: json.lineage ?? null,
      environment: json.environment ?? '',
      updatedAt: json.updated_at,
    });
    for (const [key, resourceJson] of Object.entries(json.resources)) {
      if (key !== resourceJson.resource_id) {
        throw new InvalidArgumentError(`resources key ${JSON.stringify(key)} differs from its resource_id ${JSON.stringify(resourceJson.resource_id)}`);
      }
      state.addResource(Resource.fromJSON(resourceJson));
    }
    return state;
  }
}
