import type { FileHandle } from 'node:fs/promises';
import type { StateJson } from '@dataiku-iac/models';
import { createChunkVerifier } from './chunk-verifier.js';
import { stateFileChunks } from './serialize-state.js';

/**
 * Write the state-file text of `json` a chunk at a time, verifying each chunk from the very bytes
 * written, as a load would read them. Returns the problems found (none for a sound state).
 */
export async function writeStateChunks(handle: FileHandle, json: StateJson): Promise<string[]> {
  const verifier = createChunkVerifier();
  try {
    let buffer = Buffer.allocUnsafeSlow(1 << 20);
    for (const chunk of stateFileChunks(json)) {
      if (chunk.text.length > buffer.length) buffer = Buffer.allocUnsafeSlow(chunk.text.length * 2);
      const length = buffer.write(chunk.text, 0, 'latin1');
      await handle.write(buffer, 0, length);
      if (chunk.resourceIds.length > 0) verifier.submit(buffer.subarray(0, length), chunk.resourceIds);
    }
    return await verifier.finish();
  } finally {
    verifier.cancel();
  }
}
