import { describe, expect, it } from 'vitest';
import { quoteSchemaName } from './schema-name.js';

describe('schema names, which reach SQL', () => {
  it('quotes a schema name made of lower-case letters, digits and "_"', () => {
    expect(quoteSchemaName('dataiku_iac')).toBe('"dataiku_iac"');
    expect(quoteSchemaName('_team2')).toBe('"_team2"');
  });

  it.each(['', 'Team', '2team', 'a-b', 'a"b', 'x; DROP SCHEMA public', 'pg_catalog', 'x'.repeat(64)])('refuses schema %j', (name) => {
    expect(() => quoteSchemaName(name)).toThrow(/^invalid schema name .*: use 1-63 lower-case letters/);
  });
});
