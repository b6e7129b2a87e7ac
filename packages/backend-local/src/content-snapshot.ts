import type { Resource, State } from '@dataiku-iac/models';

/** What a saved state contains, apart from its serial and update time. */
export interface ContentSnapshot {
  readonly serial: number;
  readonly lineage: string | null;
  readonly environment: string;
  readonly resources: ReadonlyMap<string, Resource>;
}

/** Resources are immutable, so a shallow copy of the map is a faithful snapshot. */
export function snapshotOf(state: State): ContentSnapshot {
  return { serial: state.serial, lineage: state.lineage, environment: state.environment, resources: new Map(state.resources) };
}

/** True when saving `state` over `snapshot` would change nothing but the serial and update time. */
export function hasSameContent(snapshot: ContentSnapshot, state: State, lineage: string | null): boolean {
  if (snapshot.lineage !== lineage || snapshot.environment !== state.environment) return false;
  if (snapshot.resources.size !== state.size) return false;
  for (const [id, resource] of state.resources) {
    const other = snapshot.resources.get(id);
    if (other === resource) continue;
    if (other?.resourceType !== resource.resourceType) return false;
    const a = other.metadata;
    const b = resource.metadata;
    if (a.checksum !== b.checksum || a.deployedAt !== b.deployedAt || a.deployedBy !== b.deployedBy || a.dataikuInternalId !== b.dataikuInternalId || a.managed !== b.managed) {
      return false;
    }
  }
  return true;
}
