import { expect, it } from 'vitest';
import * as config from './index.js';

it('exports only the documented names', () => {
  expect(Object.keys(config).sort()).toEqual([
    'ConfigError',
    'DEFAULT_CONFIG_DIRECTORY',
    'DEFAULT_CONFIG_FILE',
    'DEFAULT_SCHEMA_URL',
    'checkReferences',
    'configSchema',
    'configurationDigest',
    'formatConfigIssue',
    'loadConfiguration',
    'secretVariableName',
    'writeConfiguration',
  ]);
});
