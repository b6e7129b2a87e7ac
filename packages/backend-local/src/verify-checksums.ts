import { type State } from '@dataiku-iac/models';

/** Recompute every resource's checksum; one problem per resource whose attributes do not match. */
export function verifyChecksums(state: State): string[] {
  const problems: string[] = [];
  for (const resource of state.resources.values()) {
    const pointer = `/resources/${resource.resourceId}`;
    let actual: string;
    try {
      actual = resource.computeChecksum();
    } catch (error) {
      // canonicalJson only throws for values JSON.parse cannot produce, or for nesting too deep.
      problems.push(`${pointer}/attributes: ${(error as Error).message.replace(/^canonical JSON: /, '')}`);
      continue;
    }
    if (actual !== resource.metadata.checksum) {
      problems.push(`${pointer}/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)`);
    }
  }
  return problems;
}
