export interface BodyBytes {
  readonly bytes: Uint8Array;
  /** True when the body was longer than the limit and reading stopped there. */
  readonly truncated: boolean;
}

/**
 * Read a response body incrementally, keeping at most `limit` bytes: a larger body is cancelled as
 * soon as it crosses the limit, so memory stays bounded whatever the server sends.
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<BodyBytes> {
  if (body === null) return { bytes: new Uint8Array(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - total));
      total = limit;
      // Not awaited: some streams settle their cancellation only once the producer notices.
      void reader.cancel().catch(() => undefined);
      return { bytes: concat(chunks, total), truncated: true };
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return { bytes: concat(chunks, total), truncated: false };
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const decoder = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
