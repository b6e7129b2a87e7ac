import { describe, expect, it } from 'vitest';
import { alignSequences } from './align-sequences.js';

const chars = (text: string): string[] => Array.from(text);

describe('alignSequences', () => {
  it('finds nothing for equal sequences', () => {
    expect(alignSequences(chars('abc'), chars('abc'))).toEqual({ hunks: [], exact: true });
    expect(alignSequences([], [])).toEqual({ hunks: [], exact: true });
  });

  it('reports a pure insertion or removal as one hunk', () => {
    expect(alignSequences(chars('abc'), chars('xabc')).hunks).toEqual([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 1 }]);
    expect(alignSequences(chars('abc'), chars('ac')).hunks).toEqual([{ oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 1 }]);
    expect(alignSequences([], chars('ab')).hunks).toEqual([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 2 }]);
  });

  it('aligns on a longest common subsequence', () => {
    // a b c d e  →  a x c d y e z
    expect(alignSequences(chars('abcde'), chars('axcdyez'))).toEqual({
      hunks: [
        { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 },
        { oldStart: 4, oldEnd: 4, newStart: 4, newEnd: 5 },
        { oldStart: 5, oldEnd: 5, newStart: 6, newEnd: 7 },
      ],
      exact: true,
    });
  });

  it('handles changes at both ends', () => {
    expect(alignSequences(chars('xbcy'), chars('bc')).hunks).toEqual([
      { oldStart: 0, oldEnd: 1, newStart: 0, newEnd: 0 },
      { oldStart: 3, oldEnd: 4, newStart: 2, newEnd: 2 },
    ]);
  });

  it('falls back to one hunk over the trimmed middle when the table would be too large', () => {
    expect(alignSequences(chars('pabcs'), chars('pxyzws'), 11)).toEqual({
      hunks: [{ oldStart: 1, oldEnd: 4, newStart: 1, newEnd: 5 }],
      exact: false,
    });
    expect(alignSequences(chars('pabcs'), chars('pxyzws'), 12).exact).toBe(true);
  });
});
