import { describe, expect, it } from 'vitest';
import { mergeDeclared, withSecretValues } from './merge-declared.js';

describe('mergeDeclared', () => {
  it('writes declared values over a document, objects key by key, arrays and scalars whole', () => {
    const current = { name: 'd', type: 'Filesystem', params: { connection: 'fs', path: 'x', notReadyIfEmpty: false }, tags: ['a', 'b'], versionTag: { versionNumber: 3 } };
    expect(mergeDeclared(current, { params: { path: 'y' }, tags: ['c'], description: 'new' })).toEqual({
      name: 'd',
      type: 'Filesystem',
      params: { connection: 'fs', path: 'y', notReadyIfEmpty: false },
      tags: ['c'],
      versionTag: { versionNumber: 3 },
      description: 'new',
    });
    expect(mergeDeclared({ params: 'text' }, { params: { a: 1 } })).toEqual({ params: { a: 1 } });
    expect(current.params.path).toBe('x');
  });
});

describe('withSecretValues', () => {
  it('puts each secret value at its path, in a copy', () => {
    const attributes = { params: { password: '${env:PW}', list: [{ token: '${env:T}' }] } };
    expect(withSecretValues(attributes, [{ path: ['params', 'password'], value: 'hunter2' }, { path: ['params', 'list', 0, 'token'], value: 't' }])).toEqual({
      params: { password: 'hunter2', list: [{ token: 't' }] },
    });
    expect(attributes.params.password).toBe('${env:PW}');
    expect(withSecretValues(attributes, [])).toBe(attributes);
  });
});
