import { describe, expect, it } from 'vitest';
import { MAX_ALIASED_VALUES, MAX_YAML_DEPTH, parseYamlSource } from './yaml-source.js';

function messages(text: string): string[] {
  return parseYamlSource(text, 'f.yaml').issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
}

describe('parseYamlSource', () => {
  it('turns YAML into JSON: flow pairs, numeric and boolean keys as written, quoted "<<" as data', () => {
    const source = parseYamlSource('list: [a: 1, b]\n0x10: hex\ntrue: yes\n"<<": merge\nempty:\n', 'f.yaml');
    expect(source.issues).toEqual([]);
    expect(source.value).toEqual({ list: [{ a: 1 }, 'b'], '0x10': 'hex', true: 'yes', '<<': 'merge', empty: null });
  });

  it('refuses keys that are not scalars or are null', () => {
    expect(messages('? [a, b]\n: 1\n~: 2\nok: 3\n')).toEqual(['1:3 (root): keys must be strings', '3:1 (root): keys must be strings']);
    expect(messages('list: [? [x] : 1]\n')).toEqual(['1:10 list[0]: keys must be strings']);
  });

  it('refuses aliases of values that contain them, and aliases that copy too much', () => {
    expect(messages('a: &x [1, *x]\n')).toEqual(['1:11 a[1]: alias *x refers to a value that contains it']);
    const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 6; level++) levels.push(`l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
    const [issue] = messages(`${levels.join('\n')}\n`);
    expect(issue).toMatch(new RegExp(`^6:\\d+ l5\\[\\d\\]: aliases copy more than ${MAX_ALIASED_VALUES} values in this file$`));
  });

  it(`refuses nesting deeper than ${MAX_YAML_DEPTH} levels`, () => {
    const deep = `${'['.repeat(MAX_YAML_DEPTH + 2)}${']'.repeat(MAX_YAML_DEPTH + 2)}\n`;
    const [issue, ...others] = messages(deep);
    expect(others).toEqual([]);
    expect(issue).toMatch(new RegExp(`^1:${MAX_YAML_DEPTH + 2} (\\[0\\]){${MAX_YAML_DEPTH + 1}}: nested deeper than ${MAX_YAML_DEPTH} levels$`));
    expect(parseYamlSource(`${'['.repeat(MAX_YAML_DEPTH)}${']'.repeat(MAX_YAML_DEPTH)}\n`, 'f.yaml').issues).toEqual([]);
  });

  it('locates keys and values, through aliases, and falls back to the closest parent', () => {
    const source = parseYamlSource('base: &b\n  deep: { x: [10, 20] }\nuse: *b\nnull_value:\n', 'f.yaml');
    expect(source.locate(['base', 'deep', 'x', 1])).toEqual({ file: 'f.yaml', line: 2, column: 19 });
    expect(source.locate(['base', 'deep'], 'key')).toEqual({ file: 'f.yaml', line: 2, column: 3 });
    expect(source.locate(['use', 'deep', 'x', 0])).toEqual({ file: 'f.yaml', line: 2, column: 15 });
    expect(source.locate(['base', 'missing', 'more'])).toEqual({ file: 'f.yaml', line: 2, column: 3 });
    expect(source.locate(['base', 'deep', 'x', 5])).toEqual({ file: 'f.yaml', line: 2, column: 14 });
    expect(source.locate(['null_value', 'below'])).toEqual({ file: 'f.yaml', line: 4, column: 1 });
    expect(source.issueAt([], 'whole file')).toEqual({ file: 'f.yaml', line: 1, column: 1, message: '(root): whole file' });
  });
});
