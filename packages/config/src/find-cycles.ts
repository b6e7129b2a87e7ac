/**
 * One cycle per strongly connected component of a directed graph that has one: the shortest cycle
 * through the component's smallest node accepted by `isStart` (or its smallest node), listed from
 * that node, without repeating it at the end. Components are returned by their first node.
 * Iterative (Tarjan), so deep graphs cannot overflow the stack.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>, isStart: (node: string) => boolean = () => true): string[][] {
  const cycles: string[][] = [];
  for (const component of stronglyConnected(edges)) {
    const single = component.length === 1 ? (component[0] as string) : undefined;
    if (single !== undefined && !(edges.get(single) ?? []).includes(single)) continue;
    const members = new Set(component);
    const sorted = [...component].sort();
    const [first = ''] = sorted;
    const start = sorted.find(isStart) ?? first;
    cycles.push(shortestCycle(edges, members, start));
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

/**
 * Tarjan's strongly connected components, on integer node numbers with typed arrays: a plan checks
 * graphs of 100,000 nodes, where maps per node cost more than the search.
 */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const number = (node: string): number => {
    let found = numbers.get(node);
    if (found === undefined) {
      found = names.length;
      numbers.set(node, found);
      names.push(node);
    }
    return found;
  };
  const adjacency: number[][] = [];
  for (const [from, targets] of edges) {
    const source = number(from);
    adjacency[source] = targets.map(number);
  }
  const count = names.length;
  const index = new Int32Array(count).fill(-1);
  const lowLink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const work: number[] = [];
  const next = new Int32Array(count);
  const components: string[][] = [];
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
      const targets = adjacency[node] ?? [];
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
      const component: string[] = [];
      let member: number;
      do {
        member = stack.pop() as number;
        onStack[member] = 0;
        component.push(names[member] as string);
      } while (member !== node);
      components.push(component);
    }
  }
  return components;
}
