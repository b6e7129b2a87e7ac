import { CHECKSUM_PATTERN, computeChecksum } from './checksum.js';
import { shorten } from './errors/shorten.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { JsonObject } from './json.js';
import { parseResourceId, type ResourceType } from './resource-id.js';
import { isTimestamp, nowTimestamp } from './timestamp.js';

/** Tracking information kept beside a resource's attributes. */
export interface ResourceMetadata {
  /** RFC 3339 timestamp of when these attributes were first recorded. */
  readonly deployedAt: string;
  readonly deployedBy: string;
  readonly dataikuInternalId: string | null;
  /** SHA-256 of the canonical JSON of the attributes (see `computeChecksum`). */
  readonly checksum: string;
  /**
   * True when this tool manages the object: `apply` created or updated it, or `import` adopted it.
   * Only managed objects are ever planned for deletion.
   */
  readonly managed: boolean;
}

/** A resource as the state file stores it (the spec's field names). */
export interface ResourceJson {
  readonly resource_type: ResourceType;
  readonly resource_id: string;
  readonly attributes: JsonObject;
  readonly metadata: ResourceMetadataJson;
}

export interface ResourceMetadataJson {
  readonly deployed_at: string;
  readonly deployed_by: string;
  readonly dataiku_internal_id?: string | null;
  readonly checksum: string;
  /** Written only when true, so that files of unmanaged resources stay as the Python reference writes them. */
  readonly managed?: boolean;
}

export interface ResourceInit {
  readonly resourceId: string;
  /** Defaults to the id's type prefix; when given, the prefix must match it. */
  readonly resourceType?: ResourceType;
  readonly attributes: JsonObject;
  /** Missing fields default to: now, "system", null, the checksum computed from the attributes, and not managed. */
  readonly metadata?: Partial<ResourceMetadata>;
}

/**
 * One tracked DSS object: `{type}.{PROJECT_KEY}[.{name}]`, its attributes and tracking metadata.
 * Resources are immutable: build a new one to change anything, so the checksum always describes
 * the attributes it was computed from.
 */
export class Resource {
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly attributes: JsonObject;
  readonly metadata: ResourceMetadata;

  /**
   * @throws InvalidResourceIdError (INVALID_RESOURCE_ID) for a malformed id or a type mismatch
   * @throws InvalidArgumentError (INVALID_ARGUMENT) when the attributes are not a JSON object or the
   *   metadata is malformed (a `deployedAt` that is not an RFC 3339 timestamp, a checksum that is not
   *   64 hex characters…), so that every Resource can be written to a valid state file
   */
  constructor(init: ResourceInit) {
    const parsed = parseResourceId(init.resourceId, init.resourceType);
    this.resourceType = parsed.resourceType;
    this.resourceId = init.resourceId;
    const attributes: unknown = init.attributes;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      throw new InvalidArgumentError(`${init.resourceId}: attributes must be a JSON object`);
    }
    this.attributes = init.attributes;
    const metadata = init.metadata ?? {};
    this.metadata = checkedMetadata(init.resourceId, {
      deployedAt: metadata.deployedAt ?? nowTimestamp(),
      deployedBy: metadata.deployedBy ?? 'system',
      dataikuInternalId: metadata.dataikuInternalId ?? null,
      checksum: metadata.checksum ?? computeChecksum(init.attributes),
      managed: metadata.managed ?? false,
    });
  }

  get projectKey(): string {
    return this.resourceId.split('.')[1] as string;
  }

  /** The name part of the id; `undefined` for projects. */
  get resourceName(): string | undefined {
    return this.resourceId.split('.')[2];
  }

  computeChecksum(): string {
    return computeChecksum(this.attributes);
  }

  /** True when the stored checksum matches the attributes. */
  hasValidChecksum(): boolean {
    return this.computeChecksum() === this.metadata.checksum;
  }

  /**
   * True when the attributes differ from `other`'s (compared by checksum).
   * @throws InvalidArgumentError (INVALID_ARGUMENT) when the two resources have different ids
   */
  hasChanged(other: Resource): boolean {
    if (other.resourceId !== this.resourceId) {
      throw new InvalidArgumentError(`cannot compare ${this.resourceId} with ${other.resourceId}`);
    }
    return other.metadata.checksum !== this.metadata.checksum;
  }

  /** A copy with some metadata replaced. The checksum always follows the attributes. */
  withMetadata(metadata: Partial<Omit<ResourceMetadata, 'checksum'>>): Resource {
    return new Resource({
      resourceId: this.resourceId,
      resourceType: this.resourceType,
      attributes: this.attributes,
      metadata: { ...this.metadata, ...metadata, checksum: this.metadata.checksum },
    });
  }

  toJSON(): ResourceJson {
    return {
      resource_type: this.resourceType,
      resource_id: this.resourceId,
      attributes: this.attributes,
      metadata: {
        deployed_at: this.metadata.deployedAt,
        deployed_by: this.metadata.deployedBy,
        dataiku_internal_id: this.metadata.dataikuInternalId,
        checksum: this.metadata.checksum,
        ...(this.metadata.managed ? { managed: true } : {}),
      },
    };
  }

  /**
   * Build a resource from its state-file form, keeping the stored checksum (validate the file with
   * `@dataiku-iac/schema` and check `hasValidChecksum()` before trusting it).
   */
  static fromJSON(json: ResourceJson): Resource {
    return new Resource({
      resourceId: json.resource_id,
      resourceType: json.resource_type,
      attributes: json.attributes,
      metadata: {
        deployedAt: json.metadata.deployed_at,
        deployedBy: json.metadata.deployed_by,
        dataikuInternalId: json.metadata.dataiku_internal_id ?? null,
        checksum: json.metadata.checksum,
        managed: json.metadata.managed === true,
      },
    });
  }
}

function checkedMetadata(resourceId: string, metadata: ResourceMetadata): ResourceMetadata {
  const { deployedAt, deployedBy, dataikuInternalId, checksum, managed } = metadata as Record<keyof ResourceMetadata, unknown>;
  const problem =
    typeof deployedAt !== 'string' || !isTimestamp(deployedAt)
      ? `deployed_at ${typeof deployedAt === 'string' ? shorten(JSON.stringify(deployedAt)) : `(${typeof deployedAt})`} is not an RFC 3339 timestamp`
      : typeof deployedBy !== 'string'
        ? 'deployed_by must be a string'
        : typeof dataikuInternalId !== 'string' && dataikuInternalId !== null
          ? 'dataiku_internal_id must be a string or null'
          : typeof checksum !== 'string' || !CHECKSUM_PATTERN.test(checksum)
            ? 'checksum must be 64 lower-case hex characters'
            : typeof managed !== 'boolean'
              ? 'managed must be a boolean'
              : undefined;
  if (problem !== undefined) throw new InvalidArgumentError(`${resourceId}: ${problem}`);
  return metadata;
}
