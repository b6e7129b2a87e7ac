import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['type', 'managed', 'params', 'formatType', 'formatParams', 'tags', 'shortDesc', 'code_file'];
  it.each([
    ['formatParms', 'formatParams'],
    ['fromatType', 'formatType'],
    ['FORMATTYPE', 'formatType'],
    ['code-file', 'code_file'],
    ['codefile', 'code_file'],
    ['tag', 'tags'],
    ['typ', 'type'],
    ['shortdesc', 'shortDesc'],
  ])('%s → %s', (typo, expected) => {
    expect(didYouMean(typo, keys)).toBe(expected);
  });

  it('suggests nothing for words too far from every candidate, or for the word itself', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('tp', keys)).toBeUndefined();
    expect(didYouMean('type', ['type'])).toBeUndefined();
    expect(didYouMean('anything', [])).toBeUndefined();
  });

  it('counts swaps of neighbours as one edit', () => {
    expect(editDistance('abcd', 'bacd')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
