import { isJsonObject } from '@dataiku-iac/models';
import { describeDuplicate, scanResourceMembers } from './scan-state-text.js';
import { checksumProblem } from './verify-checksums.js';

/**
 * The problems of a chunk of written text that holds the resources `resourceIds` (whole members of
 * the `resources` object): duplicate keys, a resource missing, a checksum that does not match. The
 * scan confirms the checksums of canonical attributes; the others are parsed back and recomputed.
 */
export function verifyResourceChunk(bytes: Uint8Array, resourceIds: readonly string[]): string[] {
  const { duplicates, confirmed } = scanResourceMembers(bytes);
  const problems = duplicates.map(describeDuplicate);
  const unconfirmed = resourceIds.filter((id) => !confirmed.has(id));
  if (unconfirmed.length === 0) return problems;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1').replace(/^[,\s]+/, '');
  let written: Record<string, unknown>;
  try {
    written = JSON.parse(`{${text}}`) as Record<string, unknown>;
  } catch (error) {
    return [...problems, `the text written for ${unconfirmed[0] ?? ''} is not valid JSON: ${(error as Error).message}`];
  }
  for (const id of unconfirmed) {
    const resource = Object.hasOwn(written, id) ? written[id] : undefined;
    const attributes = isJsonObject(resource) ? resource.attributes : undefined;
    const metadata = isJsonObject(resource) ? resource.metadata : undefined;
    if (!isJsonObject(attributes) || !isJsonObject(metadata) || typeof metadata.checksum !== 'string') {
      problems.push(`/resources/${id}: missing from the text written`);
      continue;
    }
    const problem = checksumProblem(id, attributes, metadata.checksum);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
