// What the fast YAML readers' tests share: real texts, seeded mutations, and the check that a fast
// reader agrees with the `yaml` composer on values and on the place of every key and value.
import { readdirSync, readFileSync } from 'node:fs';
import type { JsonValue } from '@dataiku-iac/models';
import { expect } from 'vitest';
import type { parseCommonYaml } from '../common-yaml.js';
import type { KeyPath } from '../key-path.js';
import { parseFullYaml } from '../yaml-source.js';

const FIXTURES = new URL('./', import.meta.url);

/** Every path in a value, to compare where each key and value is found. */
function paths(value: JsonValue, prefix: KeyPath = []): KeyPath[] {
  const below = Array.isArray(value)
    ? (value as JsonValue[]).flatMap((item, index) => paths(item, [...prefix, index]))
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))
      : [];
  return [prefix, ...below];
}

export type FastReader = typeof parseCommonYaml;

/**
 * What `parseCommonYaml` and `parseSimpleYaml` promise: either it leaves the text to the full reader, or the full reader
 * finds no issue in it and reads the same value, with every key and value at the same place.
 */
export function expectAgreement(text: string, read: FastReader): boolean {
  const common = read(text, 'f.yaml');
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

export const SEEDS = [
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

export function fixtureTexts(): string[] {
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

/**
 * `expectAgreement` on 100 seeded mutations of each seed and small fixture: how many mutated texts
 * there were, and how many `read` accepted.
 */
export function mutationAgreement(read: FastReader, seed: number): { tried: number; accepted: number; texts: string[] } {
  const texts = [...SEEDS, ...fixtureTexts().filter((text) => text.length < 2_000)];
  const next = random(seed);
  let accepted = 0;
  let tried = 0;
  for (const text of texts) {
    for (let round = 0; round < 100; round++) {
      tried += 1;
      if (expectAgreement(mutate(text, next), read)) accepted += 1;
    }
  }
  return { tried, accepted, texts };
}
