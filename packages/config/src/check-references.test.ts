import { describe, expect, it } from 'vitest';
import { checkReferences, type Configuration, type DesiredResource } from './index.js';

const at = { file: 'x.yaml', line: 3, column: 5 };
function recipe(name: string, inputs: unknown, outputs: unknown = {}): DesiredResource {
  return { resourceId: `recipe.P.${name}`, resourceType: 'recipe', attributes: { name, type: 'python', inputs, outputs } as never, secrets: [], location: at, dependsOn: [] };
}
function configuration(resources: DesiredResource[]): Configuration {
  return { source: '/x', files: [], codeFiles: [], projectKeys: ['P'], resources, digest: '' };
}

describe('checkReferences on resources built elsewhere', () => {
  it('checks every ref of the role maps at the recipe', () => {
    const issues = checkReferences(
      configuration([
        { resourceId: 'project.P', resourceType: 'project', attributes: {}, secrets: [], location: at, dependsOn: [] },
        recipe('r', { main: { items: [{ ref: 'known' }, { ref: 'missing' }, { ref: 'not a ref' }] } }, { main: { items: [{ ref: 'Q.out' }] } }),
      ]),
      new Set(['dataset.P.known']),
    );
    expect(issues).toEqual([
      { ...at, key: 'projects.P.recipes.r.inputs', message: 'projects.P.recipes.r.inputs: dataset "missing" is neither in the configuration nor in DSS' },
      { ...at, key: 'projects.P.recipes.r.outputs', message: 'projects.P.recipes.r.outputs: dataset "Q.out" is neither in the configuration nor in DSS' },
    ]);
  });

  it('finds cycles through datasets DSS has', () => {
    const issues = checkReferences(configuration([recipe('a', { main: { items: [{ ref: 'x' }] } }, { main: { items: [{ ref: 'x' }] } })]), new Set(['dataset.P.x']));
    expect(issues.map((issue) => issue.message)).toEqual(['projects.P.recipes.a: dependency cycle recipe.P.a → dataset.P.x → recipe.P.a']);
  });
});
