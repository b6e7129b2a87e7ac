import { Resource } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { renderGraph } from './render-graph.js';

const io = (...refs: string[]) => ({ main: { items: refs.map((ref) => ({ ref })) } });
const resources = [
  new Resource({ resourceId: 'project.A', attributes: {} }),
  new Resource({ resourceId: 'dataset.A.raw', attributes: {} }),
  new Resource({ resourceId: 'dataset.A.clean', attributes: {} }),
  new Resource({ resourceId: 'recipe.A.prepare', attributes: { inputs: io('raw'), outputs: io('clean') } }),
  new Resource({ resourceId: 'dataset.B.report', attributes: {} }),
  new Resource({ resourceId: 'recipe.B.summarize', attributes: { inputs: io('A.clean'), outputs: io('report') } }),
];

describe('renderGraph', () => {
  it('draws dot: projects as clusters, datasets and recipes as nodes, edges across projects', () => {
    expect(renderGraph(resources, 'dot')).toBe(
      [
        'digraph dataiku {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica"];',
        '  subgraph "cluster_A" {',
        '    label="A";',
        '    "dataset.A.clean" [label="clean", shape=cylinder];',
        '    "dataset.A.raw" [label="raw", shape=cylinder];',
        '    "recipe.A.prepare" [label="prepare", shape=box, style=rounded];',
        '  }',
        '  subgraph "cluster_B" {',
        '    label="B";',
        '    "dataset.B.report" [label="report", shape=cylinder];',
        '    "recipe.B.summarize" [label="summarize", shape=box, style=rounded];',
        '  }',
        '  "dataset.A.clean" -> "recipe.B.summarize";',
        '  "dataset.A.raw" -> "recipe.A.prepare";',
        '  "recipe.A.prepare" -> "dataset.A.clean";',
        '  "recipe.B.summarize" -> "dataset.B.report";',
        '}',
      ].join('\n'),
    );
  });

  it('draws mermaid, and one project with the datasets of others it uses', () => {
    expect(renderGraph(resources, 'mermaid', { projectKeys: ['B'] })).toBe(
      [
        'flowchart LR',
        '  subgraph n0["A"]',
        '    n1[("clean")]',
        '  end',
        '  subgraph n2["B"]',
        '    n3[("report")]',
        '    n4("summarize")',
        '  end',
        '  n1 --> n4',
        '  n4 --> n3',
      ].join('\n'),
    );
  });
});
