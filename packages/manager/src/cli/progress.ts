import type { State } from '@dataiku-iac/models';
import type { DssClient } from '@dataiku-iac/dss-client';
import type { Output } from './output.js';

const INTERVAL_MS = 200;

/** A live request count on stderr while DSS is read, only when stderr is a terminal. */
export function startProgress(out: Output, client: DssClient, label: string): { stop(): void } {
  if (!out.stderrIsTerminal) return { stop: () => undefined };
  const timer = setInterval(() => {
    out.progress(`\r\u001b[K${label}: ${client.stats.requests} requests, ${client.stats.inFlight} in flight`);
  }, INTERVAL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      out.progress('\r\u001b[K');
    },
  };
}

/** "2 projects, 14 datasets and 6 recipes" */
export function describeScope(state: State, projectKeys: readonly string[]): string {
  const scope = new Set(projectKeys);
  const counts = { project: 0, dataset: 0, recipe: 0 };
  for (const resource of state.resources.values()) {
    if (scope.has(resource.projectKey) && resource.resourceType in counts) counts[resource.resourceType as keyof typeof counts]++;
  }
  return `${plural(counts.project, 'project')}, ${plural(counts.dataset, 'dataset')} and ${plural(counts.recipe, 'recipe')}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
