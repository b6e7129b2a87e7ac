import type { Resource, ResourceDiff } from '@dataiku-iac/models';
import { diffAttributesWithTopLevel } from './diff-attributes.js';

const NO_CHANGES: readonly never[] = Object.freeze([]);

export function addedDiff(resource: Resource): ResourceDiff {
  return {
    changeType: 'added',
    resourceId: resource.resourceId,
    resourceType: resource.resourceType,
    newResource: resource,
    attributeChanges: NO_CHANGES,
  };
}

export function removedDiff(resource: Resource): ResourceDiff {
  return {
    changeType: 'removed',
    resourceId: resource.resourceId,
    resourceType: resource.resourceType,
    oldResource: resource,
    attributeChanges: NO_CHANGES,
  };
}

/**
 * Unchanged when the checksums are equal (the attributes are then not compared); otherwise
 * modified, with the deep changes, which are empty when only the checksum differs.
 */
export function compareResources(oldResource: Resource, newResource: Resource): ResourceDiff {
  const common = {
    resourceId: newResource.resourceId,
    resourceType: newResource.resourceType,
    oldResource,
    newResource,
  };
  if (oldResource.metadata.checksum === newResource.metadata.checksum) {
    return { changeType: 'unchanged', ...common, attributeChanges: NO_CHANGES };
  }
  const { changes, topLevel } = diffAttributesWithTopLevel(oldResource.attributes, newResource.attributes);
  return { changeType: 'modified', ...common, attributeChanges: changes, attributeDiffs: topLevel };
}
