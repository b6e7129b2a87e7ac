import type { FileHandle } from 'node:fs/promises';
import { isJsonObject, type StateJson } from '@dataiku-iac/models';
import { describeDuplicate } from './parse-state-file.js';
import { scanResourceMembers } from './scan-state-text.js';
import { stateFileChunks } from './serialize-state.js';
import { checksumProblem } from './verify-checksums.js';

/**
 * Write the state-file text of `json` a chunk at a time, verifying each chunk from the very bytes
 * written, as a load would read them. Returns the problems found (none for a sound state).
 */
export async function writeStateChunks(handle: FileHandle, json: StateJson): Promise<string[]> {
  const problems: string[] = [];
  let buffer = Buffer.allocUnsafeSlow(1 << 20);
  for (const chunk of stateFileChunks(json)) {
    if (chunk.text.length > buffer.length) buffer = Buffer.allocUnsafeSlow(chunk.text.length * 2);
    const length = buffer.write(chunk.text, 0, 'latin1');
    await handle.write(buffer, 0, length);
    if (chunk.resourceIds.length > 0) problems.push(...verifyResourceChunk(buffer.subarray(0, length), chunk.resourceIds));
  }
  return problems;
}

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
