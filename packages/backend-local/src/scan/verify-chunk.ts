import { scanStateText } from './scan-state-text.js';

const PREFIX = Buffer.from('{"resources": {');
const SUFFIX = Buffer.from('}}');

/**
 * The ids of the resources whose checksums a chunk of state-file text confirms. A chunk holds
 * whole `"id": {…}` members of the `resources` object (a leading comma allowed).
 */
export function verifyChunk(chunk: Uint8Array): string[] {
  let start = 0;
  while (start < chunk.length && (chunk[start] === 0x2c || chunk[start] === 0x0a || chunk[start] === 0x20)) start++;
  const document = Buffer.concat([PREFIX, chunk.subarray(start), SUFFIX]);
  return [...scanStateText(document).verified];
}
