import { describe, expect, it } from 'vitest';
import { listFromRoles, parseDatasetRef, refsOfRoles, rolesFromList } from './dataset-refs.js';

describe('dataset references', () => {
  it('parses NAME and PROJECT_KEY.NAME, storing the own project without its prefix', () => {
    expect(parseDatasetRef('orders', 'SALES')).toEqual({ resourceId: 'dataset.SALES.orders', ref: 'orders' });
    expect(parseDatasetRef('CRM.customers', 'SALES')).toEqual({ resourceId: 'dataset.CRM.customers', ref: 'CRM.customers' });
    expect(parseDatasetRef('SALES.orders', 'SALES')).toEqual({ resourceId: 'dataset.SALES.orders', ref: 'orders' });
    for (const bad of ['', 'a.b.c', 'bad key', 'P.', '.x', 'P-1.x', 'P.x y']) expect(parseDatasetRef(bad, 'SALES')).toBeUndefined();
  });

  it('turns lists into the role maps DSS stores, and back only when nothing would be lost', () => {
    expect(rolesFromList('inputs', [])).toEqual({});
    expect(rolesFromList('inputs', ['a'])).toEqual({ main: { items: [{ ref: 'a', deps: [] }] } });
    expect(rolesFromList('outputs', ['b'])).toEqual({ main: { items: [{ ref: 'b', appendMode: false }] } });
    expect(listFromRoles('inputs', { main: { items: [{ deps: [], ref: 'a' }, { ref: 'X.b', deps: [] }] } })).toEqual(['a', 'X.b']);
    expect(listFromRoles('outputs', { main: { items: [{ appendMode: false, ref: 'b' }] } })).toEqual(['b']);
    expect(listFromRoles('inputs', {})).toEqual([]);
    for (const roles of [
      null,
      [],
      { main: { items: [{ ref: 'a', deps: [{ mode: 'ALL' }] }] } },
      { main: { items: [{ ref: 'a', deps: [], extra: 1 }] } },
      { main: { items: [{ ref: 'a' }] } },
      { main: { items: ['a'] } },
      { main: { items: [{ ref: 1, deps: [] }] } },
      { main: { items: {} } },
      { main: { items: [], other: 1 } },
      { main: 'x' },
      { main: { items: [] }, model: { items: [] } },
    ]) {
      expect(listFromRoles('inputs', roles)).toBeUndefined();
    }
    expect(listFromRoles('outputs', { main: { items: [{ ref: 'b', appendMode: true }] } })).toBeUndefined();
  });

  it('lists every ref of every role, skipping what is not a ref', () => {
    expect(refsOfRoles({ main: { items: [{ ref: 'a' }, { ref: 2 }, 'b'] }, model: { items: [{ ref: 'm' }] }, odd: { items: 'x' }, bad: 3 })).toEqual(['a', 'm']);
    expect(refsOfRoles(undefined)).toEqual([]);
    expect(refsOfRoles(['a'])).toEqual([]);
  });
});
