import { describe, expect, it } from 'vitest';
import { hasErrorCode } from './errors/dataiku-iac-error.js';
import { isResourceType, isValidResourceId, makeResourceId, parseResourceId, RESOURCE_ID_PATTERN_SOURCE } from './resource-id.js';

const idPattern = new RegExp(RESOURCE_ID_PATTERN_SOURCE);

describe('makeResourceId', () => {
  it('builds project, dataset and recipe ids', () => {
    expect(makeResourceId('project', 'CUSTOMER_ANALYTICS')).toBe('project.CUSTOMER_ANALYTICS');
    expect(makeResourceId('dataset', 'CUSTOMER_ANALYTICS', 'RAW_CUSTOMERS')).toBe('dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS');
    expect(makeResourceId('recipe', 'P', 'prep_customers')).toBe('recipe.P.prep_customers');
  });

  it('accepts every legal DSS identifier: lower-case keys, hyphens, leading digits', () => {
    expect(makeResourceId('project', 'toto')).toBe('project.toto');
    expect(makeResourceId('dataset', 'my_Proj2', '2021-sales_v2')).toBe('dataset.my_Proj2.2021-sales_v2');
    expect(makeResourceId('recipe', '123', '-x')).toBe('recipe.123.-x');
  });

  it.each([
    ['dataset', 'P', undefined, 'expected dataset.PROJECT_KEY.NAME'],
    ['project', 'P', 'x', 'expected project.PROJECT_KEY'],
    ['dataset', '', 'x', 'the project key is empty'],
    ['dataset', 'P', '', 'the name is empty'],
    ['dataset', 'P.Q', 'x', 'project key "P.Q" may only contain'],
    ['dataset', 'P', 'a.b', 'name "a.b" may only contain'],
    ['dataset', 'P', 'a/b', 'name "a/b" may only contain'],
    ['dataset', 'P', 'a b', 'name "a b" may only contain'],
    ['dataset', 'P-1', 'x', 'project key "P-1" may only contain'],
  ] as const)('rejects %s %j %j', (type, key, name, message) => {
    expect(() => makeResourceId(type, key, name)).toThrow(message);
  });

  it('rejects an unknown type', () => {
    expect(() => makeResourceId('widget' as 'project', 'P')).toThrow('unknown resource type "widget"');
  });
});

describe('parseResourceId', () => {
  it('splits ids into type, project key and name', () => {
    expect(parseResourceId('project.P')).toEqual({ resourceType: 'project', projectKey: 'P' });
    expect(parseResourceId('dataset.P.orders-2')).toEqual({ resourceType: 'dataset', projectKey: 'P', resourceName: 'orders-2' });
  });

  it.each([
    ['', 'unknown resource type ""'],
    ['dataset', 'expected dataset.PROJECT_KEY.NAME'],
    ['dataset.P', 'expected dataset.PROJECT_KEY.NAME'],
    ['dataset.P.a.b', 'names cannot contain dots'],
    ['project.P.x', 'expected project.PROJECT_KEY'],
    ['project.', 'the project key is empty'],
    ['dataset..x', 'the project key is empty'],
    ['dataset.P.', 'the name is empty'],
    ['dataset.P.a b', 'may only contain'],
    [' dataset.P.a', 'unknown resource type " dataset"'],
    ['dataset.P.a\n', 'may only contain'],
    ['dataset.P/x.a', 'may only contain'],
    ['Dataset.P.a', 'unknown resource type "Dataset"'],
  ])('rejects %j', (id, message) => {
    expect(() => parseResourceId(id)).toThrow(message);
    expect(() => parseResourceId(id)).toThrow(JSON.stringify(id));
    expect(isValidResourceId(id)).toBe(false);
    expect(idPattern.test(id)).toBe(false);
  });

  it('rejects a type prefix that differs from the expected type', () => {
    expect(() => parseResourceId('recipe.P.x', 'dataset')).toThrow('the type prefix "recipe" does not match resource type "dataset"');
    try {
      parseResourceId('recipe.P.x', 'dataset');
    } catch (error) {
      expect(hasErrorCode(error, 'INVALID_RESOURCE_ID')).toBe(true);
    }
  });

  it('agrees with the schema pattern on valid ids', () => {
    for (const id of ['project.P', 'project.toto', 'dataset.P.2x', 'recipe.a_b.c-d', 'scenario.P.DAILY', 'model.P.aB12cD34']) {
      expect(isValidResourceId(id)).toBe(true);
      expect(idPattern.test(id)).toBe(true);
    }
  });

  it('round-trips through makeResourceId', () => {
    const parsed = parseResourceId('recipe.SALES.compute_orders');
    expect(makeResourceId(parsed.resourceType, parsed.projectKey, parsed.resourceName)).toBe('recipe.SALES.compute_orders');
  });
});

describe('isResourceType', () => {
  it('knows the five types', () => {
    expect(['project', 'dataset', 'recipe', 'scenario', 'model'].every(isResourceType)).toBe(true);
    expect(isResourceType('folder')).toBe(false);
    expect(isResourceType(1)).toBe(false);
  });
});
