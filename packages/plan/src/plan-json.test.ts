import { hasErrorCode } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { samplePlan } from './__fixtures__/sample-plan.js';
import { parsePlan, planToJson, serializePlan } from './plan-json.js';

function failure(text: string): Error {
  try {
    parsePlan(text, 'tfplan.json');
  } catch (error) {
    expect(hasErrorCode(error, 'PLAN_INVALID')).toBe(true);
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('saved plans', () => {
  it('round-trip through the versioned JSON form', () => {
    const plan = samplePlan();
    const text = serializePlan(plan);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parsePlan(text, 'tfplan.json')).toEqual(plan);
    const json = planToJson(plan);
    expect(Object.keys(json)).toEqual(['format_version', 'tool_version', 'created_at', 'environment', 'refreshed', 'state', 'configuration', 'project_keys', 'allow_destroy_project', 'summary', 'actions']);
    expect(Object.keys((json.actions as object[])[2] as object)).toEqual(['resource_id', 'resource_type', 'action', 'reason', 'changes', 'desired', 'secrets', 'fingerprint', 'after']);
    const unassigned = { ...plan, state: { ...plan.state, lineage: null } };
    expect(parsePlan(serializePlan(unassigned), 'x').state.lineage).toBeNull();
  });

  it('refuse what is not a plan of this format, naming the file and the field', () => {
    const json = planToJson(samplePlan()) as Record<string, unknown> & { actions: Record<string, unknown>[] };
    const edit = (change: (copy: typeof json) => void): string => {
      const copy = structuredClone(json);
      change(copy);
      return JSON.stringify(copy);
    };
    expect(failure('{').message).toBe('tfplan.json is not a saved plan: it is not JSON');
    expect(failure('[]').message).toBe('tfplan.json is not a valid saved plan: (root) must be an object');
    const newer = failure(edit((copy) => (copy.format_version = 2)));
    expect(newer.message).toBe('tfplan.json is a plan of format version 2; this version of dataiku-iac reads format 1');
    expect(failure(edit((copy) => (copy.format_version = '1'))).message).toBe('tfplan.json is not a valid saved plan: /format_version must be 1');
    const cases: [(copy: typeof json) => void, string][] = [
      [(copy) => Reflect.deleteProperty(copy, 'state'), '/state must be an object'],
      [(copy) => (copy.created_at = 'yesterday'), '/created_at must be an RFC 3339 timestamp'],
      [(copy) => (copy.refreshed = 'yes'), '/refreshed must be true or false'],
      [(copy) => ((copy.summary as Record<string, unknown>).add = -1), '/summary/add must be a whole number >= 0'],
      [(copy) => (copy.project_keys = [1]), '/project_keys/0 must be a string'],
      [(copy) => Reflect.set(copy, 'actions', {}), '/actions must be an array'],
      [(copy) => ((copy.actions[0] as Record<string, unknown>).resource_id = 'nope'), '/actions/0/resource_id is not a resource id'],
      [(copy) => ((copy.actions[0] as Record<string, unknown>).resource_type = 'recipe'), '/actions/0/resource_type does not match the resource id'],
      [(copy) => ((copy.actions[0] as Record<string, unknown>).action = 'import'), '/actions/0/action must be one of create, update, replace, delete'],
      [(copy) => Reflect.deleteProperty(copy.actions[0] as object, 'desired'), '/actions/0/desired is missing'],
      [(copy) => ((copy.actions[3] as Record<string, unknown>).desired = {}), '/actions/3/desired must be absent for a delete'],
      [(copy) => ((copy.actions[0] as { changes: Record<string, unknown>[] }).changes[0] = { path: 'type', op: 'set' }), '/actions/0/changes/0/op must be one of add, remove, replace'],
      [(copy) => ((copy.actions[0] as { secrets: Record<string, unknown>[] }).secrets[0] = { path: [-1], variable: 'V', marker: 'm' }), '/actions/0/secrets/0/path/0 must be a key or an index'],
      [(copy) => ((copy.actions[1] as Record<string, unknown>).fingerprint = 5), '/actions/1/fingerprint must be a string'],
    ];
    for (const [change, problem] of cases) expect(failure(edit(change)).message).toBe(`tfplan.json is not a valid saved plan: ${problem}`);
  });
});
