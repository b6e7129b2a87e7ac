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
  // Lines are hashed a thousand at a time: one call per line costs more than the hashing.
  let lines = '';
  let count = 0;
  for (const id of state.resourceIds()) {
    const { metadata } = state.getResource(id) as NonNullable<ReturnType<State['getResource']>>;
    lines += `${id}\t${metadata.checksum}\t${metadata.managed ? 'managed' : ''}\n`;
    if (++count % 1_000 === 0) {
      hash.update(lines);
      lines = '';
    }
  }
  hash.update(lines);
  return { lineage: state.lineage, serial: state.serial, resourcesDigest: hash.digest('hex') };
}
