import { parseResourceId } from '@dataiku-iac/models';
import { referenceSites, type ReferenceSite } from './declare-resources.js';
import { sortIssues, type ConfigIssue } from './config-error.js';
import type { Configuration, DesiredResource } from './configuration.js';
import { parseDatasetRef, refsOfRoles } from './dataset-refs.js';
import { didYouMean } from './did-you-mean.js';
import { Digraph, findCycles } from './find-cycles.js';
import { formatKeyPath } from './key-path.js';

/**
 * The problems a configuration has against what DSS holds: recipe inputs and outputs (given as
 * lists) that name a dataset neither in the configuration nor in `existing` (the resource ids DSS
 * has), and dependency cycles between recipes (recipe → dataset it writes → recipe reading it…).
 * Empty when all is well. Refs in the role-map form are not checked: they may name managed folders
 * or saved models, which the state does not track.
 */
export function checkReferences(configuration: Configuration, existing: ReadonlySet<string>): ConfigIssue[] {
  const declared = new Set(configuration.resources.map((resource) => resource.resourceId));
  const recipes = configuration.resources.filter((resource) => resource.resourceType === 'recipe');
  const issues: ConfigIssue[] = [];
  let known: Map<string, string[]> | undefined;
  for (const recipe of recipes) {
    for (const site of sitesOf(recipe)) {
      if (declared.has(site.resourceId) || existing.has(site.resourceId)) continue;
      known ??= datasetNamesByProject([...declared, ...existing]);
      const { projectKey, resourceName } = parseResourceId(site.resourceId);
      const suggestion = didYouMean(resourceName as string, known.get(projectKey) ?? []);
      const written = suggestion !== undefined && site.ref.includes('.') ? `${projectKey}.${suggestion}` : suggestion;
      const hint = written === undefined ? '' : ` (did you mean "${written}"?)`;
      issues.push({ ...site.location, key: site.key, message: `${site.key}: dataset ${JSON.stringify(site.ref)} is neither in the configuration nor in DSS${hint}` });
    }
  }
  issues.push(...cycleIssues(recipes));
  return sortIssues(issues);
}

/** Where the loader saw each list reference; for resources built elsewhere, every ref at the recipe's own location. */
function sitesOf(recipe: DesiredResource): readonly ReferenceSite[] {
  const sites = referenceSites.get(recipe);
  if (sites !== undefined) return sites;
  const { projectKey } = parseResourceId(recipe.resourceId);
  const key = keyOf(recipe.resourceId);
  return (['inputs', 'outputs'] as const).flatMap((kind) =>
    refsOfRoles(recipe.attributes[kind]).flatMap((ref) => {
      const parsed = parseDatasetRef(ref, projectKey);
      return parsed === undefined ? [] : [{ resourceId: parsed.resourceId, ref, key: `${key}.${kind}`, location: recipe.location }];
    }),
  );
}

function datasetNamesByProject(ids: readonly string[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const id of ids) {
    const [type, projectKey = '', name] = id.split('.');
    if (type !== 'dataset' || name === undefined) continue;
    const list = names.get(projectKey) ?? [];
    list.push(name);
    names.set(projectKey, list);
  }
  return names;
}

/** `projects.P.recipes.r` for `recipe.P.r`. */
function keyOf(resourceId: string): string {
  const { resourceType, projectKey, resourceName } = parseResourceId(resourceId);
  return formatKeyPath(resourceName === undefined ? ['projects', projectKey] : ['projects', projectKey, `${resourceType}s`, resourceName]);
}

/** Data flows from a recipe to the datasets it writes, and from a dataset to the recipes that read it. */
function cycleIssues(recipes: readonly DesiredResource[]): ConfigIssue[] {
  const graph = new Digraph();
  for (const recipe of recipes) {
    const projectKey = recipe.resourceId.split('.')[1] as string;
    for (const ref of refsOfRoles(recipe.attributes.inputs)) graph.link(datasetId(ref, projectKey), recipe.resourceId);
    for (const ref of refsOfRoles(recipe.attributes.outputs)) graph.link(recipe.resourceId, datasetId(ref, projectKey));
  }
  const byId = new Map(recipes.map((recipe) => [recipe.resourceId, recipe]));
  return findCycles(graph, (node) => byId.has(node)).map((cycle) => {
    const start = byId.get(cycle[0] as string) as DesiredResource;
    const key = keyOf(start.resourceId);
    return { ...start.location, key, message: `${key}: dependency cycle ${[...cycle, cycle[0]].join(' → ')}` };
  });
}

/**
 * The resource id of the dataset a ref names, as `parseDatasetRef` gives it for a legal ref, without
 * checking the names: tens of thousands of refs are linked here. An illegal one (reported where it
 * is written, when it is a list item) is a node like any other thing a recipe reads or writes.
 */
function datasetId(ref: string, projectKey: string): string {
  return ref.includes('.') ? `dataset.${ref}` : `dataset.${projectKey}.${ref}`;
}
