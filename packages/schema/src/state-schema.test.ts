import { readFileSync } from 'node:fs';
import { RESOURCE_ID_PATTERN_SOURCE, RESOURCE_TYPES } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import * as schema from './index.js';

describe('the state schema', () => {
  it('is draft-07 and exported as an object and as the published file', () => {
    expect(schema.stateSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const file = JSON.parse(readFileSync(new URL('./state.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(schema.stateSchema).toEqual(file);
  });

  it('uses the resource id grammar and types of @dataiku-iac/models', () => {
    const definitions = schema.stateSchema.definitions as Record<string, { properties: Record<string, { pattern?: string; enum?: string[] }> }>;
    expect(definitions.resource?.properties.resource_id?.pattern).toBe(RESOURCE_ID_PATTERN_SOURCE);
    expect(definitions.resource?.properties.resource_type?.enum).toEqual([...RESOURCE_TYPES]);
  });

  it('exports only the documented names', () => {
    expect(Object.keys(schema).sort()).toEqual(['formatIssue', 'stateSchema', 'validateState']);
  });
});
