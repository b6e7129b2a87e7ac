import { hasErrorCode, Resource, State, type JsonObject, type ResourceDiff } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { DiffEngine } from './diff-engine.js';
import { MAX_LINES_PER_CHANGE } from './format-diff.js';

const engine = new DiffEngine();
// eslint-disable-next-line no-control-regex -- looking for escape codes is the point
const ESCAPE = /\u001b|\u009b/;

function resource(resourceId: string, attributes: JsonObject): Resource {
  return new Resource({ resourceId, attributes });
}

function state(...resources: Resource[]): State {
  return new State({ resources });
}

const code = (...lines: string[]): string => lines.join('\n');

const unchanged = Array.from({ length: 10 }, (_, index) => resource(`dataset.SALES.same_${index}`, { n: index }));
const oldState = state(
  ...unchanged,
  resource('recipe.SALES.old_prep', { type: 'python' }),
  resource('dataset.SALES.orders', {
    formatParams: { separator: ',' },
    tags: ['a', 'b'],
    schema: { columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }, { name: 'c', type: 'int' }, { name: 'x', type: 'string' }] },
  }),
  resource('recipe.SALES.compute_orders', { payload: code('import dataiku', 'df = load()', 'df = df.dropna()', 'save(df)') }),
);
const newState = state(
  ...unchanged,
  resource('dataset.SALES.new_orders', { type: 'Filesystem' }),
  resource('dataset.SALES.orders', {
    formatParams: { separator: ';' },
    tags: ['a', 'b', 'pii'],
    schema: { columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }, { name: 'c', type: 'int' }] },
  }),
  resource('recipe.SALES.compute_orders', { payload: code('import dataiku', 'df = load()', 'df = df.fillna(0)', 'save(df)') }),
);
const diffs = engine.diff(oldState, newState);

describe('DiffEngine.formatOutput', () => {
  it('prints a summary line, then each changed resource by id with its attribute changes', () => {
    expect(engine.formatOutput(diffs)).toBe(
      [
        'Diff summary: 1 added, 1 removed, 2 modified, 10 unchanged',
        '',
        '+ dataset.SALES.new_orders',
        '~ dataset.SALES.orders',
        '    ~ formatParams.separator: "," → ";"',
        '    - schema.columns[3]: {"name": "x", "type": "string"}',
        '    + tags[2]: "pii"',
        '~ recipe.SALES.compute_orders',
        '    ~ payload:',
        '        @@ line 3 @@',
        '        - df = df.dropna()',
        '        + df = df.fillna(0)',
        '- recipe.SALES.old_prep',
      ].join('\n'),
    );
  });

  it('lists unchanged resources when asked', () => {
    const lines = engine.formatOutput(diffs, { includeUnchanged: true }).split('\n');
    expect(lines).toHaveLength(13 + 10);
    // After dataset.SALES.orders and its three changes, before the recipes.
    expect(lines.slice(6, 18)).toEqual([
      '    + tags[2]: "pii"',
      ...unchanged.map((item) => `  ${item.resourceId}`),
      '~ recipe.SALES.compute_orders',
    ]);
  });

  it('sorts hand-built diffs by id', () => {
    const added = (id: string): ResourceDiff => ({ changeType: 'added', resourceId: id, resourceType: 'dataset', attributeChanges: [] });
    expect(engine.formatOutput([added('dataset.P.b'), added('dataset.P.a')]).split('\n').slice(2)).toEqual([
      '+ dataset.P.a',
      '+ dataset.P.b',
    ]);
  });

  it('says clearly when nothing changed', () => {
    const same = engine.diff(state(...unchanged), state(...unchanged));
    expect(engine.formatOutput(same)).toBe('No changes. 10 resources unchanged.');
    expect(engine.formatOutput(same.slice(0, 1))).toBe('No changes. 1 resource unchanged.');
    expect(engine.formatOutput([])).toBe('No changes.');
    expect(engine.formatOutput(same.slice(0, 2), { includeUnchanged: true })).toBe(
      ['No changes. 2 resources unchanged.', '', '  dataset.SALES.same_0', '  dataset.SALES.same_1'].join('\n'),
    );
  });

  it('truncates long values', () => {
    const before = resource('dataset.P.d', { description: 'short', long: 'x'.repeat(200) });
    const after = resource('dataset.P.d', { description: 'y'.repeat(200), long: 'x'.repeat(199) });
    const output = engine.formatOutput(engine.diff(state(before), state(after)), { maxValueLength: 12 });
    expect(output.split('\n').slice(2)).toEqual([
      '~ dataset.P.d',
      '    ~ description: "short" → "yyyyyyyyyy…',
      '    ~ long: "xxxxxxxxxx… → "xxxxxxxxxx…',
    ]);
    const defaultLength = engine.formatOutput(engine.diff(state(before), state(after)));
    expect(defaultLength).toContain(`→ "${'y'.repeat(78)}…`);
  });

  it('does not split a surrogate pair when truncating', () => {
    const before = resource('dataset.P.d', { label: 'a' });
    const after = resource('dataset.P.d', { label: 'abcdefg\u{1F600}xyz' });
    // "abcdefg😀… is 9 + 2 code units; with a limit of 10 the cut falls inside the emoji.
    const line = engine.formatOutput(engine.diff(state(before), state(after)), { maxValueLength: 10 }).split('\n')[3];
    expect(line).toBe('    ~ label: "a" → "abcdefg…');
    expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('shows a multi-line change as a bounded line diff', () => {
    const before = resource('recipe.P.r', { payload: Array.from({ length: 30 }, (_, index) => `line ${index}`).join('\n') });
    const after = resource('recipe.P.r', { payload: Array.from({ length: 30 }, (_, index) => `LINE ${index}`).join('\n') });
    const lines = engine.formatOutput(engine.diff(state(before), state(after))).split('\n').slice(3);
    expect(lines[0]).toBe('    ~ payload:');
    expect(lines.slice(1, 4)).toEqual(['        @@ line 1 @@', '        - line 0', '        - line 1']);
    expect(lines).toHaveLength(1 + MAX_LINES_PER_CHANGE + 1);
    // 20 shown: the hunk line, 19 removed lines; hidden: 11 removed and 30 added.
    expect(lines.at(-1)).toBe('        … 41 more changed lines');
  });

  it('shows multi-line strings whose lines are equal, and one-line strings, as values', () => {
    const before = resource('recipe.P.r', { payload: 'a\r\nb', other: 'x' });
    const after = resource('recipe.P.r', { payload: 'a\nb', other: 'one\ntwo' });
    expect(engine.formatOutput(engine.diff(state(before), state(after))).split('\n').slice(3)).toEqual([
      '    ~ other:',
      '        @@ line 1 @@',
      '        - x',
      '        + one',
      '        + two',
      '    ~ payload: "a\\r\\nb" → "a\\nb"',
    ]);
  });

  it('truncates and escapes code lines', () => {
    const before = resource('recipe.P.r', { payload: 'a\nb' });
    const after = resource('recipe.P.r', { payload: `a\n\u001b[2J${'z'.repeat(100)}` });
    const lines = engine.formatOutput(engine.diff(state(before), state(after)), { maxValueLength: 15 }).split('\n');
    expect(lines.at(-1)).toBe('        + \\u001b[2Jzzzzz…');
  });

  it('notes a modified resource whose attributes are equal', () => {
    const original = resource('dataset.P.d', { a: 1 });
    const foreign = new Resource({ resourceId: 'dataset.P.d', attributes: { a: 1 }, metadata: { checksum: '0'.repeat(64) } });
    expect(engine.formatOutput(engine.diff(state(original), state(foreign)))).toBe(
      ['Diff summary: 0 added, 0 removed, 1 modified, 0 unchanged', '', '~ dataset.P.d', '    (checksum differs, attributes are equal)'].join('\n'),
    );
  });

  it('labels the whole value and absent values of hand-built changes', () => {
    const diff: ResourceDiff = {
      changeType: 'modified',
      resourceId: 'dataset.P.d',
      resourceType: 'dataset',
      attributeChanges: [
        { path: '', op: 'replace', old: 1, new: 2 },
        { path: 'a', op: 'add' },
        { path: 'b', op: 'remove' },
      ],
    };
    expect(engine.formatOutput([diff]).split('\n').slice(3)).toEqual(['    ~ (value): 1 → 2', '    + a: (none)', '    - b: (none)']);
  });

  it('contains no escape codes without colour, even for values that hold some', () => {
    const before = resource('dataset.P.d', { 'k\u001b': '\u001b[31m', code: 'a\nb' });
    const after = resource('dataset.P.d', { 'k\u001b': '\u009b31m', code: 'a\n\u001b[0m' });
    const output = engine.formatOutput([...diffs, ...engine.diff(state(before), state(after))], { includeUnchanged: true });
    expect(output).not.toMatch(ESCAPE);
    expect(engine.formatOutput(diffs, { color: false })).toBe(engine.formatOutput(diffs));
  });

  it('colours additions green, removals red and modifications yellow when asked', () => {
    const output = engine.formatOutput(diffs, { color: true });
    const lines = output.split('\n');
    expect(lines[0]).toBe('Diff summary: 1 added, 1 removed, 2 modified, 10 unchanged');
    expect(lines[2]).toBe('\u001b[32m+ dataset.SALES.new_orders\u001b[39m');
    expect(lines[3]).toBe('\u001b[33m~ dataset.SALES.orders\u001b[39m');
    expect(lines[4]).toBe('\u001b[33m    ~ formatParams.separator: "," → ";"\u001b[39m');
    expect(lines[5]).toBe('\u001b[31m    - schema.columns[3]: {"name": "x", "type": "string"}\u001b[39m');
    expect(lines[6]).toBe('\u001b[32m    + tags[2]: "pii"\u001b[39m');
    expect(lines[9]).toBe('\u001b[36m        @@ line 3 @@\u001b[39m');
    expect(lines[10]).toBe('\u001b[31m        - df = df.dropna()\u001b[39m');
    expect(lines[11]).toBe('\u001b[32m        + df = df.fillna(0)\u001b[39m');
    expect(lines[12]).toBe('\u001b[31m- recipe.SALES.old_prep\u001b[39m');
    const withUnchanged = engine.formatOutput(diffs, { color: true, includeUnchanged: true }).split('\n');
    expect(withUnchanged[7]).toBe('  dataset.SALES.same_0');
  });

  it('rejects an invalid maxValueLength', () => {
    for (const maxValueLength of [0, -1, 2.5, Number.NaN]) {
      let error: unknown;
      try {
        engine.formatOutput(diffs, { maxValueLength });
      } catch (caught) {
        error = caught;
      }
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toBe(`maxValueLength must be a positive integer or Infinity, got ${String(maxValueLength)}`);
    }
    expect(engine.formatOutput(diffs, { maxValueLength: Infinity })).toBe(engine.formatOutput(diffs));
  });
});
