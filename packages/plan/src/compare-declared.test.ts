import { redactSecrets } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { compareDeclared, SENSITIVE } from './compare-declared.js';

const context = { resourceId: 'dataset.P.d', secrets: [] };

describe('compareDeclared', () => {
  it('compares only the keys the configuration declares, recursively: what DSS adds never differs', () => {
    const actual = {
      type: 'Filesystem',
      params: { connection: 'fs', path: '${projectKey}/d', notReadyIfEmpty: false, filesSelectionRules: { mode: 'ALL' } },
      formatParams: { separator: ';', charset: 'utf8', quoteChar: '"' },
      readWriteOptions: { preserveOrder: false },
    };
    expect(compareDeclared({ type: 'Filesystem', params: { connection: 'fs', path: '${projectKey}/d' }, formatParams: { separator: ';' } }, actual, context)).toEqual([]);
    expect(compareDeclared({ params: { path: 'other' }, formatParams: { separator: '\t', escapeChar: '\\' } }, actual, context)).toEqual([
      { path: 'params.path', op: 'replace', old: '${projectKey}/d', new: 'other' },
      { path: 'formatParams.separator', op: 'replace', old: ';', new: '\t' },
      { path: 'formatParams.escapeChar', op: 'add', new: '\\' },
    ]);
    expect(compareDeclared({ description: 'new' }, {}, context)).toEqual([{ path: 'description', op: 'add', new: 'new' }]);
  });

  it('compares arrays whole: another length replaces the array, the same length compares each element', () => {
    const actual = { schema: { columns: [{ name: 'id', type: 'bigint', maxLength: -1 }, { name: 'email', type: 'string', maxLength: -1 }] } };
    expect(compareDeclared({ schema: { columns: [{ name: 'id', type: 'bigint' }, { name: 'email', type: 'string' }] } }, actual, context)).toEqual([]);
    expect(compareDeclared({ schema: { columns: [{ name: 'id', type: 'bigint' }, { name: 'email', type: 'int' }] } }, actual, context)).toEqual([
      { path: 'schema.columns[1].type', op: 'replace', old: 'string', new: 'int' },
    ]);
    const three = [{ name: 'id', type: 'bigint' }, { name: 'email', type: 'string' }, { name: 'age', type: 'int' }];
    expect(compareDeclared({ schema: { columns: three } }, actual, context)).toEqual([{ path: 'schema.columns', op: 'replace', old: actual.schema.columns, new: three }]);
    expect(compareDeclared({ list: [1, 2] }, { list: [2, 1] }, context)).toEqual([
      { path: 'list[0]', op: 'replace', old: 2, new: 1 },
      { path: 'list[1]', op: 'replace', old: 1, new: 2 },
    ]);
    expect(compareDeclared({ list: [{ a: 1 }] }, { list: ['x'] }, context)).toEqual([{ path: 'list[0]', op: 'replace', old: 'x', new: { a: 1 } }]);
  });

  it('compares the top-level tags as a set', () => {
    expect(compareDeclared({ tags: ['b', 'a'] }, { tags: ['a', 'b'] }, context)).toEqual([]);
    expect(compareDeclared({ tags: ['a', 'a', 'b'] }, { tags: ['b', 'a'] }, context)).toEqual([]);
    expect(compareDeclared({ tags: ['a', 'c'] }, { tags: ['a', 'b'] }, context)).toEqual([{ path: 'tags', op: 'replace', old: ['a', 'b'], new: ['a', 'c'] }]);
    expect(compareDeclared({ params: { tags: ['b', 'a'] } }, { params: { tags: ['a', 'b'] } }, context)).toHaveLength(2);
  });

  it('compares a secret through the keyed hash of the state, and never shows it', () => {
    const stored = redactSecrets({ params: { password: 'hunter2', user: 'bob' } }, { resourceId: 'dataset.P.d', key: 'team' });
    const secret = (value: string) => ({ ...context, redactionKey: 'team', secrets: [{ path: ['params', 'password'], variable: 'PG_PASSWORD', value }] });
    const desired = { params: { password: '${env:PG_PASSWORD}', user: 'bob' } };
    expect(compareDeclared(desired, stored, secret('hunter2'))).toEqual([]);
    expect(compareDeclared(desired, stored, secret('changed'))).toEqual([{ path: 'params.password', op: 'replace', old: SENSITIVE, new: SENSITIVE }]);
    expect(compareDeclared(desired, stored, { ...secret('hunter2'), redactionKey: 'other' })).toHaveLength(1);
    expect(compareDeclared(desired, { params: { password: 'hunter2', user: 'bob' } }, secret('hunter2'))).toEqual([]);
    expect(compareDeclared(desired, { params: { user: 'bob' } }, secret('hunter2'))).toEqual([{ path: 'params.password', op: 'add', new: SENSITIVE }]);
    expect(compareDeclared(desired, { params: { password: 5, user: 'bob' } }, secret('hunter2'))).toHaveLength(1);
  });

  it('reports a kind change at its path', () => {
    expect(compareDeclared({ params: { a: 1 } }, { params: 'text' }, context)).toEqual([{ path: 'params', op: 'replace', old: 'text', new: { a: 1 } }]);
    expect(compareDeclared({ payload: 'x' }, { payload: { steps: [] } }, context)).toHaveLength(1);
  });
});
