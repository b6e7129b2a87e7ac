import { describe, expect, it } from 'vitest';
import { samplePlan } from './__fixtures__/sample-plan.js';
import { renderPlan } from './render-plan.js';

describe('renderPlan', () => {
  it('shows each action as Terraform does, code as a line diff, the summary last', () => {
    expect(renderPlan(samplePlan())).toBe(
      [
        'Dataiku IaC will perform the following actions (+ create, ~ update in-place, -/+ replace, - destroy):',
        '',
        '  # dataset.P.customers will be created',
        '  + dataset.P.customers',
        '      + type: "PostgreSQL"',
        '      + params: {"connection": "pg", "password": (sensitive value)}',
        '',
        '  # recipe.P.clean will be updated in-place',
        '  ~ recipe.P.clean',
        '      ~ payload:',
        '          @@ line 2 @@',
        '          - x = 1',
        '          + x = 2',
        '',
        '  # dataset.P.raw must be replaced: type changes from "Filesystem" to "S3" (its data is kept)',
        '-/+ dataset.P.raw',
        '      ~ type: "Filesystem" → "S3"',
        '',
        '  # recipe.P.old will be destroyed',
        '  - recipe.P.old',
        '',
        'Plan: 1 to add, 1 to change, 1 to replace, 1 to destroy.',
        '2 objects in these projects are not declared and not managed by this tool: left alone.',
      ].join('\n'),
    );
  });

  it('says when nothing changes, and when the plan was made against the state file', () => {
    const plan = { ...samplePlan(), actions: [], refreshed: false, summary: { add: 0, change: 0, replace: 0, destroy: 0, unchanged: 1, unmanaged: 1 } };
    expect(renderPlan(plan)).toBe(
      [
        'No changes. DSS matches the configuration (1 declared object).',
        '1 object in these projects is not declared and not managed by this tool: left alone.',
        'Planned against the state file, not DSS (--refresh=false).',
      ].join('\n'),
    );
  });

  it('says that destroying a dataset or a project keeps the data', () => {
    const sample = samplePlan();
    const old = sample.actions.find((action) => action.action === 'delete');
    if (old === undefined) throw new Error('the sample plan has a delete');
    const actions = [
      { ...old, resourceId: 'dataset.P.archive', resourceType: 'dataset' as const },
      { ...old, resourceId: 'project.P', resourceType: 'project' as const },
      old,
    ];
    const headers = renderPlan({ ...sample, actions }).split('\n').filter((line) => line.startsWith('  # '));
    expect(headers).toEqual([
      '  # dataset.P.archive will be destroyed (its data is kept)',
      "  # project.P will be destroyed (its datasets' data is kept)",
      '  # recipe.P.old will be destroyed',
    ]);
  });

  it('colours only when asked', () => {
    expect(renderPlan(samplePlan(), { color: true })).toContain('\u001b[32m  + dataset.P.customers');
    expect(renderPlan(samplePlan(), { maxValueLength: 10 })).toContain('+ params: {"connect…');
  });
});
