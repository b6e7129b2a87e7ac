/**
 * One cycle per strongly connected component of a directed graph that has one: the shortest cycle
 * through the component's smallest node accepted by `isStart` (or its smallest node), listed from
 * that node, without repeating it at the end. Components are returned by their first node.
 * Iterative (Tarjan), so deep graphs cannot overflow the stack.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>, isStart: (node: string) => boolean = () => true): string[][] {
  const cycles: string[][] = [];
  for (const component of stronglyConnected(edges)) {
    const members = new Set(component);
    const single = component.length === 1 ? (component[0] as string) : undefined;
    if (single !== undefined && !(edges.get(single) ?? []).includes(single)) continue;
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

function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const nodes = new Set<string>();
  for (const [from, targets] of edges) {
    nodes.add(from);
    for (const target of targets) nodes.add(target);
  }
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) lowLink.set(parent.node, Math.min(lowLink.get(parent.node) as number, lowLink.get(frame.node) as number));
      if (lowLink.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      components.push(component);
    }
  }
  return components;
}
