import { describe, expect, it } from 'vitest';
import { diffLines } from './line-diff.js';

describe('diffLines', () => {
  it('lists changed lines under a hunk line, without context', () => {
    const before = 'import dataiku\ndf = load()\ndf = df.dropna()\nsave(df)\n';
    const after = 'import dataiku\ndf = load()\ndf = df.fillna(0)\nsave(df)\n';
    expect(diffLines(before, after)).toEqual([
      { kind: 'hunk', text: 'line 3' },
      { kind: 'remove', text: 'df = df.dropna()' },
      { kind: 'add', text: 'df = df.fillna(0)' },
    ]);
  });

  it('names both line numbers when they differ', () => {
    expect(diffLines('a\nb\nc\nd', 'x\na\nb\nd')).toEqual([
      { kind: 'hunk', text: 'line 1' },
      { kind: 'add', text: 'x' },
      { kind: 'hunk', text: 'line 3 → 4' },
      { kind: 'remove', text: 'c' },
    ]);
  });

  it('treats CRLF and LF alike', () => {
    expect(diffLines('a\r\nb', 'a\nb')).toBeUndefined();
    expect(diffLines('a\r\nb', 'a\nc')).toEqual([
      { kind: 'hunk', text: 'line 2' },
      { kind: 'remove', text: 'b' },
      { kind: 'add', text: 'c' },
    ]);
  });
});
