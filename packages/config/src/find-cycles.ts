/**
 * One cycle per strongly connected component of a directed graph that has one: the shortest cycle
 * through the component's smallest node accepted by `isStart` (or its smallest node), listed from
 * that node, without repeating it at the end. Components are returned by their first node.
 * Iterative (Tarjan), so deep graphs cannot overflow the stack.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]> | Digraph, isStart: (node: string) => boolean = () => true): string[][] {
  const graph = edges instanceof Digraph ? edges : Digraph.from(edges);
  const cycles: string[][] = [];
  let named: Map<string, string[]> | undefined;
  for (const component of stronglyConnected(graph)) {
    const [single] = component;
    if (component.length === 1 && !(graph.adjacency[single as number] as number[]).includes(single as number)) continue;
    const names = component.map((node) => graph.names[node] as string);
    const members = new Set(names);
    const sorted = names.sort();
    const [first = ''] = sorted;
    const start = sorted.find(isStart) ?? first;
    named ??= graph.edges();
    cycles.push(shortestCycle(named, members, start));
  }
  return cycles.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
}

function shortestCycle(edges: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  // The loop also visits the nodes pushed while it runs: a breadth-first search.
  for (const node of queue) {
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const cycle = [node];
        while (cycle[0] !== start) cycle.unshift(previous.get(cycle[0] as string) as string);
        return cycle;
      }
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  // Unreachable: every node of a component with a cycle lies on one.
  return [start];
}

/** A directed graph whose nodes are numbered as they are first named: a plan checks graphs of 100,000 nodes. */
export class Digraph {
  readonly names: string[] = [];
  readonly adjacency: number[][] = [];
  readonly #numbers = new Map<string, number>();

  static from(edges: ReadonlyMap<string, readonly string[]>): Digraph {
    const graph = new Digraph();
    for (const [from, targets] of edges) for (const to of targets) graph.link(from, to);
    return graph;
  }

  link(from: string, to: string): void {
    const source = this.#number(from);
    const target = this.#number(to);
    (this.adjacency[source] as number[]).push(target);
  }

  /** The edges by node name (for the few nodes of a cycle's component). */
  edges(): Map<string, string[]> {
    return new Map(this.adjacency.map((targets, node) => [this.names[node] as string, targets.map((target) => this.names[target] as string)]));
  }

  #number(node: string): number {
    let found = this.#numbers.get(node);
    if (found === undefined) {
      found = this.names.length;
      this.#numbers.set(node, found);
      this.names.push(node);
      this.adjacency.push([]);
    }
    return found;
  }
}

/** Tarjan's strongly connected components, on the graph's node numbers, with typed arrays. */
function stronglyConnected({ names, adjacency }: Digraph): number[][] {
  const count = names.length;
  const index = new Int32Array(count).fill(-1);
  const lowLink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const work: number[] = [];
  const next = new Int32Array(count);
  const components: number[][] = [];
  let counter = 0;
  const open = (node: number): void => {
    index[node] = counter;
    lowLink[node] = counter++;
    stack.push(node);
    onStack[node] = 1;
    work.push(node);
  };
  for (let root = 0; root < count; root++) {
    if ((index[root] as number) >= 0) continue;
    open(root);
    while (work.length > 0) {
      const node = work[work.length - 1] as number;
      const targets = adjacency[node] as number[];
      const position = next[node] as number;
      if (position < targets.length) {
        next[node] = position + 1;
        const target = targets[position] as number;
        if ((index[target] as number) < 0) open(target);
        else if (onStack[target] === 1) lowLink[node] = Math.min(lowLink[node] as number, index[target] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) lowLink[parent] = Math.min(lowLink[parent] as number, lowLink[node] as number);
      if (lowLink[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop() as number;
        onStack[member] = 0;
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  }
  return components;
}
