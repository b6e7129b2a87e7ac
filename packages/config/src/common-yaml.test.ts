import { readdirSync, readFileSync } from 'node:fs';
import type { JsonValue } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseCommonYaml } from './common-yaml.js';
import type { KeyPath } from './key-path.js';
import { parseFullYaml } from './yaml-source.js';

const FIXTURES = new URL('__fixtures__/', import.meta.url);

/** Every path in a value, to compare where each key and value is found. */
function paths(value: JsonValue, prefix: KeyPath = []): KeyPath[] {
  const below = Array.isArray(value)
    ? (value as JsonValue[]).flatMap((item, index) => paths(item, [...prefix, index]))
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))
      : [];
  return [prefix, ...below];
}

/**
 * What `parseCommonYaml` promises: either it leaves the text to the full reader, or the full reader
 * finds no issue in it and reads the same value, with every key and value at the same place.
 */
function expectAgreement(text: string): boolean {
  const common = parseCommonYaml(text, 'f.yaml');
  if (common === undefined) return false;
  const full = parseFullYaml(text, 'f.yaml');
  expect({ text, issues: full.issues }).toEqual({ text, issues: [] });
  expect({ text, value: common.value }).toEqual({ text, value: full.value });
  for (const path of paths(full.value as JsonValue)) {
    expect({ text, path, at: common.locate(path) }).toEqual({ text, path, at: full.locate(path) });
    expect({ text, path, at: common.locate(path, 'key') }).toEqual({ text, path, at: full.locate(path, 'key') });
    expect(common.locate([...path, 'missing', 0])).toEqual(full.locate([...path, 'missing', 0]));
  }
  return true;
}

const SEEDS = [
  `# yaml-language-server: $schema=x
version: 1
projects:
  SALES:
    name: Sales "EU"
    tags: [b, a,
      c]
    datasets:
      orders: { type: PostgreSQL, managed: false, params: { connection: pg, table: "orders\\t2", port: 5432, ratio: 1.50, on: true, none: ~ } } # raw
      'quoted key': {type: Filesystem, formatParams: {separator: ';', skip: -1, big: 0x1F, oct: 0o17, exp: 1e3}}
      lines:
        type: Snowflake
        description: >
          folded text
          on two lines
        notes: |
          kept
            indented
        schema:
          columns:
            - { name: id, type: bigint }
            - name: amount
              type: double
            -   name: spaced
      # a comment after the entries
    recipes:
      r: { type: python, inputs: [orders, OTHER.ds], outputs: [lines], code_file: r.py, }
      empty:
      "123": 456
      true: false
      multi: plain text
        continued here
`,
  `---
a: [1, [2, [3, {b: c}]], {}, []]
b: {x: "y", 'z': 'it''s'}
c:
- one
- two # comment
d: "line one
  line two"
`,
  'key: value\n',
  '"__proto__": {polluted: true}\nplain: {__proto__: [1]}\n',
];

function fixtureTexts(): string[] {
  return ['good', 'bad'].flatMap((kind) =>
    readdirSync(new URL(`${kind}/`, FIXTURES))
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => readFileSync(new URL(`${kind}/${name}`, FIXTURES), 'utf8')),
  );
}

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const PIECES = [' ', '  ', '\n', '\t', ':', ': ', '-', '- ', '#', ' #', '{', '}', '[', ']', ',', '"', "'", '?', '&a', '*a', '!t', '|', '>', 'x', '1', '~', '<<', '\\', '%', '@', '...', '---', '\r\n', 'é'];

function mutate(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(next() * (result.length + 1));
    const cut = next() < 0.5 ? Math.floor(next() * 4) : 0;
    const piece = next() < 0.7 ? (PIECES[Math.floor(next() * PIECES.length)] as string) : '';
    result = result.slice(0, at) + piece + result.slice(at + cut);
  }
  return result;
}

describe('parseCommonYaml', () => {
  it('reads the usual configuration YAML like the full composer: values, and places of keys and values', () => {
    for (const seed of SEEDS) expect(expectAgreement(seed)).toBe(true);
    // Files written on Windows.
    for (const seed of SEEDS) expect(expectAgreement(seed.replaceAll('\n', '\r\n'))).toBe(true);
    const parsed = parseCommonYaml(SEEDS.at(-1) as string, 'f.yaml')?.value as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'plain']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with the full composer on every fixture it reads, and reads the good ones', () => {
    const good = readdirSync(new URL('good/', FIXTURES)).filter((name) => name.endsWith('.yaml'));
    for (const name of good) expect(parseCommonYaml(readFileSync(new URL(`good/${name}`, FIXTURES), 'utf8'), name)).toBeDefined();
    for (const text of fixtureTexts()) expectAgreement(text);
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
    const texts = [...SEEDS, ...fixtureTexts().filter((text) => text.length < 2_000)];
    const next = random(20_261_202);
    let accepted = 0;
    let tried = 0;
    for (const text of texts) {
      for (let round = 0; round < 100; round++) {
        const mutated = mutate(text, next);
        tried += 1;
        if (expectAgreement(mutated)) accepted += 1;
      }
    }
    // Both sides are exercised: many mutations stay valid, many do not.
    expect(accepted).toBeGreaterThan(tried / 10);
    expect(accepted).toBeLessThan(tried);
    // The full composer agrees that what was refused here is not all invalid YAML.
    expect(texts.some((text) => parseDocument(text).errors.length === 0)).toBe(true);
    // A bound for a hang, not a speed check: about 2 s on an idle machine.
  }, 120_000);
});
