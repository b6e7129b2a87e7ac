import { describe, expect, it } from 'vitest';
import { decodeUtf8, readBody } from './read-body.js';

function stream(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

describe('readBody', () => {
  it('reads and joins chunks', async () => {
    const body = await readBody(stream('ab', 'cd', 'é'), 100);
    expect(body.truncated).toBe(false);
    expect(decodeUtf8(body.bytes)).toBe('abcdé');
  });

  it('stops at the limit', async () => {
    const body = await readBody(stream('abc', 'def', 'ghi'), 5);
    expect(body.truncated).toBe(true);
    expect(decodeUtf8(body.bytes)).toBe('abcde');
    expect((await readBody(stream('abcde'), 5)).truncated).toBe(false);
  });

  it('handles a missing or empty body', async () => {
    expect((await readBody(null, 5)).bytes.byteLength).toBe(0);
    expect((await readBody(stream(), 5)).bytes.byteLength).toBe(0);
  });
});
