import { describe, expect, it } from 'vitest';
import { DataikuIaCError } from '@dataiku-iac/models';
import { ConfigError, formatConfigIssue } from './config-error.js';

describe('ConfigError', () => {
  it('says the first issue in reading order, and how many more there are', () => {
    const error = new ConfigError([
      { file: 'b.yaml', line: 1, column: 1, message: 'last' },
      { file: 'a.yaml', line: 3, column: 5, message: 'third' },
      { file: 'a.yaml', line: 3, column: 2, message: 'second' },
      { file: 'a.yaml', line: 1, column: 9, message: 'y first' },
      { file: 'a.yaml', line: 1, column: 9, message: 'x first' },
    ]);
    expect(error.message).toBe('a.yaml:1:9: x first (and 4 more)');
    expect(error.issues.map((issue) => issue.message)).toEqual(['x first', 'y first', 'second', 'third', 'last']);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.name).toBe('ConfigError');
    expect(DataikuIaCError.isInstance(error)).toBe(true);
    expect(new ConfigError([{ file: 'a.yaml', line: 2, column: 3, message: 'only' }]).message).toBe('a.yaml:2:3: only');
    expect(new ConfigError([]).message).toBe('invalid configuration');
  });

  it('formats whole-file issues without a line', () => {
    expect(formatConfigIssue({ file: 'dataiku', line: 0, column: 0, message: 'no *.yaml or *.yml file in this directory' })).toBe('dataiku: no *.yaml or *.yml file in this directory');
  });
});
