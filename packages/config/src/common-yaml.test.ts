import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { expectAgreement, fixtureTexts, mutationAgreement, SEEDS } from './__fixtures__/yaml-agreement.js';
import { parseCommonYaml } from './common-yaml.js';

const FIXTURES = new URL('__fixtures__/', import.meta.url);

describe('parseCommonYaml', () => {
  it('reads the usual configuration YAML like the full composer: values, and places of keys and values', () => {
    for (const seed of SEEDS) expect(expectAgreement(seed, parseCommonYaml)).toBe(true);
    // Files written on Windows.
    for (const seed of SEEDS) expect(expectAgreement(seed.replaceAll('\n', '\r\n'), parseCommonYaml)).toBe(true);
    const parsed = parseCommonYaml(SEEDS.at(-1) as string, 'f.yaml')?.value as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'plain']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with the full composer on every fixture it reads, and reads the good ones', () => {
    const good = readdirSync(new URL('good/', FIXTURES)).filter((name) => name.endsWith('.yaml'));
    for (const name of good) expect(parseCommonYaml(readFileSync(new URL(`good/${name}`, FIXTURES), 'utf8'), name)).toBeDefined();
    for (const text of fixtureTexts()) expectAgreement(text, parseCommonYaml);
  });

  it('leaves to the full composer what it does not know', () => {
    const uncommon = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '? a\n: 1\n',
      'a: 1\na: 2\n',
      '~: 1\n',
      '<<: {a: 1}\n',
      'a:\n\t- 1\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: .inf\n',
      'a: [1, , 2]\n',
      'a: {b: 1 c: 2}\n',
      'a: b: c\n',
      'a: "unclosed\n',
      '',
      '# only a comment\n',
      `${'['.repeat(100)}${']'.repeat(100)}\n`,
      'a:\n  - \n',
    ];
    for (const text of uncommon) expect({ text, common: parseCommonYaml(text, 'f.yaml') }).toEqual({ text, common: undefined });
  });

  it('never accepts what the full composer refuses, nor reads it differently (seeded mutations of real files)', () => {
    const { tried, accepted, texts } = mutationAgreement(parseCommonYaml, 20_261_202);
    // Both sides are exercised: many mutations stay valid, many do not.
    expect(accepted).toBeGreaterThan(tried / 10);
    expect(accepted).toBeLessThan(tried);
    // The full composer agrees that what was refused here is not all invalid YAML.
    expect(texts.some((text) => parseDocument(text).errors.length === 0)).toBe(true);
    // A bound for a hang, not a speed check: about 2 s on an idle machine.
  }, 120_000);
});
