import { PlanError } from './errors/plan-error.js';

const TYPE_RANK: Readonly<Record<string, number>> = { project: 0, dataset: 1, recipe: 2 };

function rank(id: string): [number, string] {
  return [TYPE_RANK[id.slice(0, id.indexOf('.'))] ?? 3, id];
}

function compareIds(a: string, b: string): number {
  const [rankA] = rank(a);
  const [rankB] = rank(b);
  return rankA - rankB || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * `ids` ordered so that each comes after everything it needs (`needs(id)`, restricted to `ids`);
 * among those ready at the same time, projects, then datasets, then recipes, each by id.
 * @throws PlanError (PLAN_INVALID) naming a cycle
 */
export function dependencyOrder(ids: Iterable<string>, needs: (id: string) => Iterable<string>): string[] {
  const members = new Set(ids);
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const id of members) {
    const required = new Set([...needs(id)].filter((other) => other !== id && members.has(other)));
    waitingOn.set(id, required);
    for (const other of required) dependents.set(other, [...(dependents.get(other) ?? []), id]);
  }
  const ready = [...members].filter((id) => waitingOn.get(id)?.size === 0).sort(compareIds);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const waiting = waitingOn.get(dependent) as Set<string>;
      waiting.delete(id);
      if (waiting.size === 0) insertSorted(ready, dependent);
    }
  }
  if (order.length < members.size) throw new PlanError(`dependency cycle: ${describeCycle(members, order, needs).join(' → ')}`);
  return order;
}

function insertSorted(ready: string[], id: string): void {
  const index = ready.findIndex((other) => compareIds(id, other) < 0);
  if (index < 0) ready.push(id);
  else ready.splice(index, 0, id);
}

/** One cycle among the members that could not be ordered, as a closed walk. */
function describeCycle(members: ReadonlySet<string>, ordered: readonly string[], needs: (id: string) => Iterable<string>): string[] {
  const done = new Set(ordered);
  const stuck = [...members].filter((id) => !done.has(id)).sort(compareIds);
  const path: string[] = [];
  let current = stuck[0] as string;
  while (!path.includes(current)) {
    path.push(current);
    current = [...needs(current)].filter((other) => members.has(other) && !done.has(other)).sort(compareIds)[0] as string;
  }
  return [...path.slice(path.indexOf(current)), current];
}
