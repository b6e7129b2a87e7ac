import { computeChecksum, type JsonObject, type State } from '@dataiku-iac/models';

/** The problem with a resource whose stored checksum does not match its attributes, if any. */
export function checksumProblem(resourceId: string, attributes: JsonObject, storedChecksum: string): string | undefined {
  const pointer = `/resources/${resourceId}`;
  let actual: string;
  try {
    actual = computeChecksum(attributes);
  } catch (error) {
    // canonicalJson only throws for values JSON.parse cannot produce, or for nesting too deep.
    return `${pointer}/attributes: ${(error as Error).message.replace(/^canonical JSON: /, '')}`;
  }
  if (actual === storedChecksum) return undefined;
  return `${pointer}/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)`;
}

/** Recompute the checksums of the resources not already confirmed; one problem per mismatch. */
export function verifyChecksums(state: State, confirmed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const resource of state.resources.values()) {
    if (confirmed.has(resource.resourceId)) continue;
    const problem = checksumProblem(resource.resourceId, resource.attributes, resource.metadata.checksum);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
