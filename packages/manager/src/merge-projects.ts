import type { Resource, State } from '@dataiku-iac/models';

/**
 * The state after reading some projects from DSS: `base` with every resource of those projects
 * replaced by what was read. A resource whose attributes did not change keeps its old metadata
 * (and so its `deployed_at`), which is also what makes an unchanged sync write nothing; one that
 * changed keeps its managed mark (DSS changed it; this tool still manages it).
 */
export function mergeProjects(base: State, projectKeys: Iterable<string>, read: Iterable<Resource>): State {
  const scope = new Set(projectKeys);
  const merged = base.clone();
  for (const resource of base.resources.values()) {
    if (scope.has(resource.projectKey)) merged.removeResource(resource.resourceId);
  }
  for (const resource of read) {
    const previous = base.getResource(resource.resourceId);
    if (previous === undefined) merged.addResource(resource);
    else if (previous.metadata.checksum === resource.metadata.checksum) merged.addResource(previous);
    else merged.addResource(previous.metadata.managed ? resource.withMetadata({ managed: true }) : resource);
  }
  return merged;
}

/** The project keys a state tracks, sorted: those of its projects and of every other resource. */
export function projectKeysOf(state: State): string[] {
  const keys = new Set<string>();
  for (const resource of state.resources.values()) keys.add(resource.projectKey);
  return [...keys].sort();
}
