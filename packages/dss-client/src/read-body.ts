import type { Readable } from 'node:stream';

export interface ReadBody {
  readonly bytes: Uint8Array;
  /** True when the body was longer than the limit: `bytes` holds its beginning. */
  readonly truncated: boolean;
}

/**
 * Read a body whole, or its first `limit` bytes: the stream is then destroyed, the rest never read.
 * Rejects with the stream's error, or when it closes before its end (a connection cut mid-way).
 */
export async function readBody(body: Readable, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    body.on('data', (chunk: Uint8Array) => {
      if (total + chunk.byteLength <= limit) {
        chunks.push(chunk);
        total += chunk.byteLength;
        return;
      }
      chunks.push(chunk.subarray(0, limit - total));
      resolve({ bytes: Buffer.concat(chunks, limit), truncated: true });
      body.destroy();
    });
    body.once('end', () => {
      resolve({ bytes: Buffer.concat(chunks, total), truncated: false });
    });
    body.once('error', reject);
    body.once('close', () => {
      reject(new Error('the body ended before its end'));
    });
  });
}

const decoder = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
