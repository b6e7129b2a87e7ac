import { describe, expect, it } from 'vitest';
import { expectAgreement, fixtureTexts, mutationAgreement, SEEDS } from './__fixtures__/yaml-agreement.js';
import { parseSimpleYaml } from './simple-yaml.js';

describe('parseSimpleYaml', () => {
  it('reads the simplest configuration YAML like the full composer: values, and places of keys and values', () => {
    const simple = [
      SEEDS[2] as string,
      SEEDS[3] as string,
      `# yaml-language-server: $schema=x

version: 1
projects:
  SALES:
    name: Sales "EU"  # a comment
    tags: [b, a]
    empty:
    list:
    - one
    - 'it''s'
    datasets:
      orders: { type: PostgreSQL, managed: false, params: { connection: pg, table: "orders\\t2", port: 5432, ratio: 1.50, on: true, none: ~, url: http://x/y } } # raw
      "quoted key": {type: Filesystem, formatParams: {separator: ';', skip: -1, big: 0x1F, oct: 0o17, exp: 1e3, u: "\\u00e9"}, tags: [],}
      lines:
        type: Snowflake
        schema:
          columns:
            - { name: id, type: bigint }
            - name: amount
              type: double
              nested:
                deep: [1, [2, {a: b}]]
            -   name: spaced
            - plain text, with commas
      # a comment after the entries
    recipes:
      r: { type: python, inputs: [orders, OTHER.ds], outputs: [lines], code_file: r.py }
      "123": 456
      true: false
      path/like: $x
`,
    ];
    for (const text of simple) expect(expectAgreement(text, parseSimpleYaml)).toBe(true);
  });

  it('agrees with the full composer on every fixture it reads, and reads the usual ones', () => {
    let read = 0;
    for (const text of fixtureTexts()) if (expectAgreement(text, parseSimpleYaml)) read += 1;
    expect(read).toBeGreaterThan(20);
  });

  it('leaves to the next reader what it does not know', () => {
    const outside = [
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: multi\n  line\n',
      'a: "two\n  lines"\n',
      'a: [1,\n  2]\n',
      'a: 1\r\nb: 2\r\n',
      'a:\t1\n',
      '\uFEFFa: 1\n',
      'a: "\\x41"\n',
      '- a\n',
      '  a: 1\n',
      'a: 1\n  b: 2\n',
      'a:\n  - \n',
      'a: b: c\n',
      'a: [a: b]\n',
      'a: {b}\n',
      'a: {b: }\n',
      'a: 1 # ok\nb: 2#not a comment\n',
    ];
    for (const text of outside.slice(0, -1)) expect({ text, simple: parseSimpleYaml(text, 'f.yaml') }).toEqual({ text, simple: undefined });
    expect(parseSimpleYaml(outside.at(-1) as string, 'f.yaml')?.value).toEqual({ a: 1, b: '2#not a comment' });
  });

  it('never accepts what the full composer refuses, nor reads it differently (seeded mutations of real files)', () => {
    const { tried, accepted } = mutationAgreement(parseSimpleYaml, 20_261_203);
    expect(accepted).toBeGreaterThan(tried / 20);
    expect(accepted).toBeLessThan(tried);
  }, 120_000);
});
