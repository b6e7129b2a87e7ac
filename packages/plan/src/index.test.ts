import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(api).sort()).toEqual([
      'PLAN_FORMAT_VERSION',
      'PlanError',
      'SENSITIVE',
      'compareDeclared',
      'createPlan',
      'dependencyOrder',
      'parsePlan',
      'planToJson',
      'recipeReferences',
      'renderGraph',
      'renderPlan',
      'serializePlan',
      'stateReference',
    ]);
    expect(new api.PlanError('x').code).toBe('PLAN_INVALID');
  });
});
