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

describe('the compiled validator', () => {
  it('gives the verdicts of the schema compiled at run time, on valid and invalid documents', async () => {
    const { Ajv } = await import('ajv');
    const { validate } = await import('./generated/state-schema-validator.js');
    const withoutFormats = JSON.parse(JSON.stringify(schema.stateSchema), (key, value: unknown) => (key === 'format' ? undefined : value)) as object;
    const reference = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(withoutFormats);
    const python = JSON.parse(readFileSync(new URL('../../../fixtures/python-reference/prod.state.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const documents: unknown[] = [
      python,
      { ...python, serial: -1 },
      { ...python, extra: true },
      { ...python, resources: { 'project.A': { resource_type: 'dataset', resource_id: 'project.A', attributes: {}, metadata: {} } } },
      { ...python, lineage: '' },
      { version: 1 },
      [],
      null,
    ];
    for (const document of documents) expect(validate(document)).toBe(reference(document));
    expect(documents.filter((document) => validate(document))).toEqual([python]);
  });

  it('checks in code exactly the date-time fields of the schema', () => {
    const paths: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const [key, child] of Object.entries(value)) {
        if (key === 'format' && child === 'date-time') paths.push(path);
        visit(child, `${path}/${key}`);
      }
    };
    visit(schema.stateSchema, '');
    expect(paths.sort()).toEqual(['/definitions/metadata/properties/deployed_at', '/properties/updated_at']);
  });
});
