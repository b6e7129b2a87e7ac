import { hasErrorCode, Resource, State, type JsonObject, type ResourceDiff } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { DiffEngine } from './diff-engine.js';
import { hasChanges } from './diff-summary.js';

const engine = new DiffEngine();

function resource(resourceId: string, attributes: JsonObject): Resource {
  return new Resource({ resourceId, attributes });
}

function state(...resources: Resource[]): State {
  return new State({ resources });
}

const orders = resource('dataset.SALES.orders', { type: 'Filesystem', formatParams: { separator: ',' }, tags: ['a'] });
const ordersChanged = resource('dataset.SALES.orders', { type: 'Filesystem', formatParams: { separator: ';' }, tags: ['a', 'pii'] });
const newOrders = resource('dataset.SALES.new_orders', { type: 'PostgreSQL', params: { table: 'orders' } });
const oldPrep = resource('recipe.SALES.old_prep', { type: 'python', payload: 'print(1)' });
const project = resource('project.SALES', { name: 'Sales' });

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

const summarize = (diffs: readonly ResourceDiff[]): string[] => diffs.map((diff) => `${diff.changeType} ${diff.resourceId}`);

describe('DiffEngine.diff', () => {
  it('detects added resources', () => {
    const [diff, ...rest] = engine.diff(state(), state(newOrders));
    expect(rest).toEqual([]);
    expect(diff).toEqual({
      changeType: 'added',
      resourceId: 'dataset.SALES.new_orders',
      resourceType: 'dataset',
      newResource: newOrders,
      attributeChanges: [],
    });
    expect(diff).not.toHaveProperty('oldResource');
    expect(diff).not.toHaveProperty('attributeDiffs');
  });

  it('detects removed resources', () => {
    const [diff, ...rest] = engine.diff(state(oldPrep), state());
    expect(rest).toEqual([]);
    expect(diff).toEqual({
      changeType: 'removed',
      resourceId: 'recipe.SALES.old_prep',
      resourceType: 'recipe',
      oldResource: oldPrep,
      attributeChanges: [],
    });
    expect(diff).not.toHaveProperty('newResource');
  });

  it('detects modified resources by checksum change, with deep and top-level attribute diffs', () => {
    expect(ordersChanged.metadata.checksum).not.toBe(orders.metadata.checksum);
    const [diff] = engine.diff(state(orders), state(ordersChanged));
    expect(diff).toEqual({
      changeType: 'modified',
      resourceId: 'dataset.SALES.orders',
      resourceType: 'dataset',
      oldResource: orders,
      newResource: ordersChanged,
      attributeChanges: [
        { path: 'formatParams.separator', op: 'replace', old: ',', new: ';' },
        { path: 'tags[1]', op: 'add', new: 'pii' },
      ],
      attributeDiffs: {
        added: {},
        removed: {},
        modified: {
          formatParams: { old: { separator: ',' }, new: { separator: ';' } },
          tags: { old: ['a'], new: ['a', 'pii'] },
        },
      },
    });
  });

  it('reports resources with equal checksums as unchanged without comparing attributes', () => {
    const stale = new Resource({
      resourceId: 'dataset.SALES.orders',
      attributes: { anything: 'else' },
      metadata: { checksum: orders.metadata.checksum },
    });
    const [diff] = engine.diff(state(orders), state(stale));
    expect(diff).toEqual({
      changeType: 'unchanged',
      resourceId: 'dataset.SALES.orders',
      resourceType: 'dataset',
      oldResource: orders,
      newResource: stale,
      attributeChanges: [],
    });
  });

  it('reports a checksum difference as modified even when the attributes are equal', () => {
    const foreign = new Resource({ resourceId: orders.resourceId, attributes: orders.attributes, metadata: { checksum: 'f'.repeat(64) } });
    const [diff] = engine.diff(state(orders), state(foreign));
    expect(diff?.changeType).toBe('modified');
    expect(diff?.attributeChanges).toEqual([]);
    expect(diff?.attributeDiffs).toEqual({ added: {}, removed: {}, modified: {} });
  });

  it('sorts by resource id and lists unchanged resources by default', () => {
    const diffs = engine.diff(state(project, oldPrep, orders), state(ordersChanged, project, newOrders));
    expect(summarize(diffs)).toEqual([
      'added dataset.SALES.new_orders',
      'modified dataset.SALES.orders',
      'unchanged project.SALES',
      'removed recipe.SALES.old_prep',
    ]);
  });

  it('leaves unchanged resources out when asked', () => {
    const diffs = engine.diff(state(project, oldPrep, orders), state(ordersChanged, project, newOrders), { includeUnchanged: false });
    expect(summarize(diffs)).toEqual(['added dataset.SALES.new_orders', 'modified dataset.SALES.orders', 'removed recipe.SALES.old_prep']);
  });

  it('orders ids by code point, whatever the insertion order', () => {
    const ids = ['dataset.B.x', 'dataset.A.y', 'dataset.A.Y', 'dataset.A.y-2', 'dataset.A.y_2', 'dataset.A.a'];
    const resources = ids.map((id) => resource(id, {}));
    const diffs = engine.diff(state(...resources.slice(0, 3)), state(...resources.slice(2).reverse()));
    expect(diffs.map((diff) => diff.resourceId)).toEqual([
      'dataset.A.Y',
      'dataset.A.a',
      'dataset.A.y',
      'dataset.A.y-2',
      'dataset.A.y_2',
      'dataset.B.x',
    ]);
  });

  it('gives an empty list for two empty states', () => {
    expect(engine.diff(state(), state())).toEqual([]);
  });
});

describe('DiffEngine.diffResources', () => {
  it('compares one resource', () => {
    expect(engine.diffResources(undefined, undefined)).toBeUndefined();
    expect(engine.diffResources(undefined, newOrders)?.changeType).toBe('added');
    expect(engine.diffResources(oldPrep, undefined)?.changeType).toBe('removed');
    expect(engine.diffResources(orders, orders)?.changeType).toBe('unchanged');
    expect(engine.diffResources(orders, ordersChanged)).toEqual(engine.diff(state(orders), state(ordersChanged))[0]);
  });

  it('refuses two different resources', () => {
    expect(() => engine.diffResources(orders, newOrders)).toThrow('cannot compare dataset.SALES.orders with dataset.SALES.new_orders');
    const error = catchError(() => engine.diffResources(orders, newOrders));
    expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('DiffEngine.summary and hasChanges', () => {
  it('counts each change type', () => {
    const diffs = engine.diff(state(project, oldPrep, orders), state(ordersChanged, project, newOrders));
    expect(engine.summary(diffs)).toEqual({ added: 1, removed: 1, modified: 1, unchanged: 1 });
    expect(engine.summary([])).toEqual({ added: 0, removed: 0, modified: 0, unchanged: 0 });
  });

  it('tells whether anything changed', () => {
    expect(hasChanges(engine.diff(state(project), state(project)))).toBe(false);
    expect(hasChanges([])).toBe(false);
    expect(hasChanges(engine.diff(state(project), state()))).toBe(true);
  });
});

describe('DiffEngine.toJSON', () => {
  const diffs = engine.diff(state(project, oldPrep, orders), state(ordersChanged, project, newOrders));

  const expected = {
    summary: { added: 1, removed: 1, modified: 1, unchanged: 1 },
    changes: [
      {
        resource_id: 'dataset.SALES.new_orders',
        resource_type: 'dataset',
        change: 'added',
        attributes: [
          { path: 'params', op: 'add', new: { table: 'orders' } },
          { path: 'type', op: 'add', new: 'PostgreSQL' },
        ],
      },
      {
        resource_id: 'dataset.SALES.orders',
        resource_type: 'dataset',
        change: 'modified',
        attributes: [
          { path: 'formatParams.separator', op: 'replace', old: ',', new: ';' },
          { path: 'tags[1]', op: 'add', new: 'pii' },
        ],
      },
      {
        resource_id: 'recipe.SALES.old_prep',
        resource_type: 'recipe',
        change: 'removed',
        attributes: [
          { path: 'payload', op: 'remove', old: 'print(1)' },
          { path: 'type', op: 'remove', old: 'python' },
        ],
      },
    ],
  };

  it('has the documented shape, without unchanged resources', () => {
    expect(engine.toJSON(diffs)).toEqual(expected);
  });

  it('is plain JSON with a deterministic key order', () => {
    const report = engine.toJSON(diffs);
    const text = JSON.stringify(report);
    expect(text).toBe(JSON.stringify(expected));
    expect(JSON.parse(text)).toEqual(report);
    expect(JSON.stringify(engine.toJSON([...diffs].reverse()))).toBe(text);
  });

  it('copies values with their keys in code point order', () => {
    const before = resource('dataset.P.d', { params: { b: 1, a: 1 } });
    const after = resource('dataset.P.d', { params: { b: 2, a: 1 }, extra: { z: 1, y: [{ d: 1, c: 2 }] } });
    const report = engine.toJSON(engine.diff(state(before), state(after)));
    expect(JSON.stringify(report.changes[0]?.attributes)).toBe(
      '[{"path":"extra","op":"add","new":{"y":[{"c":2,"d":1}],"z":1}},{"path":"params.b","op":"replace","old":1,"new":2}]',
    );
  });

  it('writes odd top-level keys of added resources as paths', () => {
    const odd = resource('dataset.P.odd', { 'my key': 1, '2021': true });
    expect(engine.toJSON(engine.diff(state(), state(odd))).changes[0]?.attributes).toEqual([
      { path: '["2021"]', op: 'add', new: true },
      { path: '["my key"]', op: 'add', new: 1 },
    ]);
  });

  it('keeps old null values and drops the side an op does not have', () => {
    const handBuilt: ResourceDiff = {
      changeType: 'modified',
      resourceId: 'dataset.P.d',
      resourceType: 'dataset',
      attributeChanges: [
        { path: 'a', op: 'replace', old: null, new: 1 },
        { path: 'b', op: 'add', old: 'ignored', new: null },
        { path: 'c', op: 'remove', old: 0, new: 'ignored' },
      ],
    };
    const added: ResourceDiff = { changeType: 'added', resourceId: 'dataset.P.e', resourceType: 'dataset', attributeChanges: [] };
    expect(JSON.stringify(engine.toJSON([handBuilt, added]).changes)).toBe(
      '[{"resource_id":"dataset.P.d","resource_type":"dataset","change":"modified","attributes":' +
        '[{"path":"a","op":"replace","old":null,"new":1},{"path":"b","op":"add","new":null},{"path":"c","op":"remove","old":0}]},' +
        '{"resource_id":"dataset.P.e","resource_type":"dataset","change":"added","attributes":[]}]',
    );
  });

  it('reports no changes for identical states', () => {
    expect(engine.toJSON(engine.diff(state(project), state(project)))).toEqual({
      summary: { added: 0, removed: 0, modified: 0, unchanged: 1 },
      changes: [],
    });
  });
});
