import { describe, expect, it } from 'vitest';
import { asBuffered, BufferedResponse } from './buffered-fetch.js';

describe('BufferedResponse', () => {
  it('keeps status, headers and the content read', () => {
    const original = new Response('ignored', { status: 503, statusText: 'Busy', headers: { 'retry-after': '3' } });
    const buffered = new BufferedResponse(original, new TextEncoder().encode('{"a":1}'));
    expect([buffered.status, buffered.statusText, buffered.headers.get('retry-after'), buffered.ok]).toEqual([503, 'Busy', '3', false]);
    expect(new TextDecoder().decode(asBuffered(buffered).content)).toBe('{"a":1}');
  });

  it('refuses a response that was not read by createBufferedFetch', () => {
    expect(() => asBuffered(new Response('x'))).toThrow(TypeError);
  });
});
