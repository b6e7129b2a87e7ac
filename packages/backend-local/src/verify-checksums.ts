import type { State } from '@dataiku-iac/models';

/**
 * Recompute resources' checksums, except those already confirmed; one problem per resource whose
 * attributes do not match.
 */
export function verifyChecksums(state: State, alreadyVerified: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const resource of state.resources.values()) {
    if (alreadyVerified.has(resource.resourceId)) continue;
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
