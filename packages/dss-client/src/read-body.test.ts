import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readBody } from './read-body.js';

function stream(...chunks: string[]): Readable {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
}

describe('readBody', () => {
  it('reads and joins chunks', async () => {
    const body = await readBody(stream('ab', 'cd', 'é'), 100);
    expect(body.truncated).toBe(false);
    expect(decodeUtf8(body.bytes)).toBe('abcdé');
  });

  it('stops at the limit and destroys the stream', async () => {
    const source = stream('abc', 'def', 'ghi');
    const body = await readBody(source, 5);
    expect(body.truncated).toBe(true);
    expect(decodeUtf8(body.bytes)).toBe('abcde');
    expect(source.destroyed).toBe(true);
    expect((await readBody(stream('abcde'), 5)).truncated).toBe(false);
  });

  it('handles an empty body', async () => {
    expect((await readBody(stream(), 5)).bytes.byteLength).toBe(0);
  });

  it("rejects with the stream's error, or when it closes before its end", async () => {
    const failing = new Readable({ read() {
      this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    } });
    await expect(readBody(failing, 5)).rejects.toMatchObject({ code: 'ECONNRESET' });
    const cut = new Readable({ read() {
      this.push('ab');
      this.destroy();
    } });
    await expect(readBody(cut, 5)).rejects.toThrow('the body ended before its end');
  });
});
