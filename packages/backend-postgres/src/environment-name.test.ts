import { describe, expect, it } from 'vitest';
import { assertEnvironmentName } from './environment-name.js';
import { quoteSchemaName } from './schema-name.js';

describe('names that reach SQL', () => {
  it.each(['prod', 'a', 'dev_2-eu', 'x'.repeat(64)])('accepts environment %j', (name) => {
    expect(() => {
      assertEnvironmentName(name);
    }).not.toThrow();
  });

  it.each(['', "prod'; DROP TABLE x; --", 'a"b', 'a b', 'é', 'x'.repeat(65), 'dev\n', '../prod'])('refuses environment %j', (name) => {
    expect(() => {
      assertEnvironmentName(name);
    }).toThrow(/^invalid environment name .*: use 1-64 letters, digits, "_" or "-"$/);
  });

  it('quotes a schema name made of lower-case letters, digits and "_"', () => {
    expect(quoteSchemaName('dataiku_iac')).toBe('"dataiku_iac"');
    expect(quoteSchemaName('_team2')).toBe('"_team2"');
  });

  it.each(['', 'Team', '2team', 'a-b', 'a"b', 'x; DROP SCHEMA public', 'pg_catalog', 'x'.repeat(64)])('refuses schema %j', (name) => {
    expect(() => quoteSchemaName(name)).toThrow(/^invalid schema name .*: use 1-63 lower-case letters/);
  });
});
