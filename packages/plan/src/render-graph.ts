import { compareCodePoints, type JsonObject, parseResourceId, type ResourceType } from '@dataiku-iac/models';
import { recipeReferences } from './recipe-references.js';

/** What a flow graph needs of a resource: a state's `Resource` and a configuration's `DesiredResource` both fit. */
export interface GraphResource {
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly attributes: JsonObject;
}

export type GraphFormat = 'dot' | 'mermaid';

export interface GraphOptions {
  /** Draw only these projects (and the datasets of other projects their recipes use). Default: all. */
  readonly projectKeys?: readonly string[] | undefined;
}

interface Flow {
  /** Node ids by project, in id order. */
  readonly clusters: ReadonlyMap<string, string[]>;
  readonly edges: readonly (readonly [string, string])[];
}

/**
 * The flow as Graphviz `dot` or Mermaid text: one cluster per project, datasets and recipes as
 * nodes, an edge from each input dataset to its recipe and from the recipe to each output,
 * across projects too.
 */
export function renderGraph(resources: Iterable<GraphResource>, format: GraphFormat, options: GraphOptions = {}): string {
  const flow = buildFlow(resources, options.projectKeys);
  return format === 'dot' ? renderDot(flow) : renderMermaid(flow);
}

function buildFlow(resources: Iterable<GraphResource>, projectKeys: readonly string[] | undefined): Flow {
  const wanted = projectKeys === undefined ? undefined : new Set(projectKeys);
  const nodes = new Set<string>();
  const edges: [string, string][] = [];
  for (const resource of resources) {
    const { projectKey } = parseResourceId(resource.resourceId);
    if (resource.resourceType === 'project' || (wanted !== undefined && !wanted.has(projectKey))) continue;
    if (resource.resourceType !== 'dataset' && resource.resourceType !== 'recipe') continue;
    nodes.add(resource.resourceId);
    if (resource.resourceType !== 'recipe') continue;
    const { inputs, outputs } = recipeReferences(projectKey, resource.attributes);
    for (const input of inputs) edges.push([input, resource.resourceId]);
    for (const output of outputs) edges.push([resource.resourceId, output]);
  }
  for (const [from, to] of edges) nodes.add(from).add(to);
  const clusters = new Map<string, string[]>();
  for (const id of [...nodes].sort(compareCodePoints)) {
    const { projectKey } = parseResourceId(id);
    clusters.set(projectKey, [...(clusters.get(projectKey) ?? []), id]);
  }
  const sortedEdges = edges.sort(([a, b], [c, d]) => compareCodePoints(a, c) || compareCodePoints(b, d));
  return { clusters: new Map([...clusters].sort(([a], [b]) => compareCodePoints(a, b))), edges: sortedEdges };
}

function label(id: string): string {
  return parseResourceId(id).resourceName ?? id;
}

function renderDot(flow: Flow): string {
  const quote = (text: string): string => JSON.stringify(text);
  const lines = ['digraph dataiku {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const [projectKey, ids] of flow.clusters) {
    lines.push(`  subgraph ${quote(`cluster_${projectKey}`)} {`, `    label=${quote(projectKey)};`);
    for (const id of ids) {
      const shape = id.startsWith('recipe.') ? 'box, style=rounded' : 'cylinder';
      lines.push(`    ${quote(id)} [label=${quote(label(id))}, shape=${shape}];`);
    }
    lines.push('  }');
  }
  for (const [from, to] of flow.edges) lines.push(`  ${quote(from)} -> ${quote(to)};`);
  lines.push('}');
  return lines.join('\n');
}

function renderMermaid(flow: Flow): string {
  const ids = new Map<string, string>();
  const node = (id: string): string => {
    let name = ids.get(id);
    if (name === undefined) {
      name = `n${ids.size}`;
      ids.set(id, name);
    }
    return name;
  };
  const text = (value: string): string => `"${value.replaceAll('"', '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const [projectKey, members] of flow.clusters) {
    lines.push(`  subgraph ${node(`project.${projectKey}`)}[${text(projectKey)}]`);
    for (const id of members) lines.push(id.startsWith('recipe.') ? `    ${node(id)}(${text(label(id))})` : `    ${node(id)}[(${text(label(id))})]`);
    lines.push('  end');
  }
  for (const [from, to] of flow.edges) lines.push(`  ${node(from)} --> ${node(to)}`);
  return lines.join('\n');
}
