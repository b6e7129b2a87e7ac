import { createHash } from 'node:crypto';
import type { State } from '@dataiku-iac/models';
import type { PlanStateReference } from './plan-types.js';

/**
 * What identifies a saved state for a plan: its lineage, serial and a digest of its resources
 * (id, checksum and managed mark of each, in id order), so that apply can refuse a plan made
 * against another state.
 */
export function stateReference(state: State): PlanStateReference {
  const hash = createHash('sha256');
  for (const id of state.resourceIds()) {
    const { metadata } = state.getResource(id) as NonNullable<ReturnType<State['getResource']>>;
    hash.update(`${id}\t${metadata.checksum}\t${metadata.managed ? 'managed' : ''}\n`);
  }
  return { lineage: state.lineage, serial: state.serial, resourcesDigest: hash.digest('hex') };
}
