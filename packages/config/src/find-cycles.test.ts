import { describe, expect, it } from 'vitest';
import { findCycles } from './find-cycles.js';

const graph = (edges: Record<string, string[]>): Map<string, string[]> => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('finds nothing in a graph without cycles', () => {
    expect(findCycles(graph({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('finds self loops and one shortest cycle per component, from its smallest accepted node', () => {
    const edges = graph({ z: ['z'], d: ['e'], e: ['f', 'd'], f: ['d'], b: ['a'], a: ['b'] });
    expect(findCycles(edges)).toEqual([['a', 'b'], ['d', 'e'], ['z']]);
    expect(findCycles(edges, (node) => node === 'f' || node === 'b')).toEqual([['b', 'a'], ['f', 'd', 'e'], ['z']]);
  });

  it('handles long chains without overflowing the stack', () => {
    const edges = new Map<string, string[]>();
    const size = 30_000;
    for (let index = 0; index < size; index++) edges.set(`n${index}`, [`n${index + 1}`]);
    expect(findCycles(edges)).toEqual([]);
    edges.set(`n${size}`, ['n0']);
    const [cycle] = findCycles(edges);
    expect(cycle).toHaveLength(size + 1);
    expect(cycle?.[0]).toBe('n0');
  });
});
