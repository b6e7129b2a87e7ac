import { hasErrorCode } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { namedProjects } from './scope.js';

describe('namedProjects', () => {
  it('returns the named keys sorted and once each, or undefined when none are named', () => {
    expect(namedProjects({ projects: ['B', 'A', 'B'] })).toEqual(['A', 'B']);
    expect(namedProjects({})).toBeUndefined();
    expect(namedProjects({ projects: [], all: true })).toBeUndefined();
  });

  it('refuses keys DSS cannot have, and keys with all', () => {
    for (const key of ['bad key!', 'a/b', '../x', 'has.dot', '']) {
      let error: unknown;
      try {
        namedProjects({ projects: ['OK', key] });
      } catch (caught) {
        error = caught;
      }
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toBe(`invalid project key ${JSON.stringify(key)}: project keys are letters, digits and underscores`);
    }
    expect(() => namedProjects({ projects: ['A'], all: true })).toThrow('give either project keys or all, not both');
  });
});
