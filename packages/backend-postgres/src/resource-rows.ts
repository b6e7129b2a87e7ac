import { createHash } from 'node:crypto';
import { canonicalJson, type JsonObject, Resource, type ResourceMetadata, type ResourceType } from '@dataiku-iac/models';

/** What a save compares to tell whether a resource changed: a `Resource` has this shape. */
export interface StoredResource {
  readonly resourceType: string;
  readonly metadata: ResourceMetadata;
}

/** The columns of a resource row, in the order of `RESOURCE_COLUMNS`. */
export type ResourceRow = [
  resourceId: string,
  resourceType: string,
  attributes: string,
  checksum: string,
  deployedAt: string,
  deployedBy: string,
  dataikuInternalId: string | null,
  managed: boolean,
];

export const RESOURCE_COLUMNS = 'resource_id, resource_type, attributes, checksum, deployed_at, deployed_by, dataiku_internal_id, managed';

/** True when saving `resource` over `stored` would change nothing. */
export function isUnchanged(stored: StoredResource | undefined, resource: Resource): boolean {
  if (stored === undefined) return false;
  if (stored === resource) return true;
  const a = stored.metadata;
  const b = resource.metadata;
  return (
    stored.resourceType === resource.resourceType &&
    a.checksum === b.checksum &&
    a.deployedAt === b.deployedAt &&
    a.deployedBy === b.deployedBy &&
    a.dataikuInternalId === b.dataikuInternalId &&
    a.managed === b.managed
  );
}

/**
 * The row of a resource. Attributes are stored as their canonical JSON, the very bytes the
 * checksum is computed from, so that a load verifies a checksum by hashing the column.
 * @returns the row, or a problem when the attributes do not match the checksum
 */
export function rowOf(resource: Resource): ResourceRow | string {
  const pointer = `/resources/${resource.resourceId}`;
  let attributes: string;
  try {
    attributes = canonicalJson(resource.attributes);
  } catch (error) {
    return `${pointer}/attributes: ${(error as Error).message.replace(/^canonical JSON: /, '')}`;
  }
  const { checksum, deployedAt, deployedBy, dataikuInternalId, managed } = resource.metadata;
  if (sha256(attributes) !== checksum) return `${pointer}/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)`;
  return [resource.resourceId, resource.resourceType, attributes, checksum, deployedAt, deployedBy, dataikuInternalId, managed];
}

/** The resource of a row, its checksum verified; a problem when the row is not a valid resource. */
export function resourceOfRow(row: ResourceRow): Resource | string {
  const [resourceId, resourceType, attributes, checksum, deployedAt, deployedBy, dataikuInternalId, managed] = row;
  const pointer = `/resources/${resourceId}`;
  if (sha256(attributes) !== checksum) return `${pointer}/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)`;
  try {
    return new Resource({
      resourceId,
      resourceType: resourceType as ResourceType,
      attributes: JSON.parse(attributes) as JsonObject,
      metadata: { checksum, deployedAt, deployedBy, dataikuInternalId, managed },
    });
  } catch (error) {
    return `${pointer}: ${(error as Error).message}`;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
