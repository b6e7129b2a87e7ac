import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { DssClient } from '@dataiku-iac/dss-client';
import { type JsonObject, makeResourceId, type Resource, type ResourceType, State } from '@dataiku-iac/models';
import { createPlan, type DesiredResource, type Plan, stateReference } from '@dataiku-iac/plan';
import { DatasetSync } from '@dataiku-iac/sync-dataset';
import { ProjectSync, type ResourceSync } from '@dataiku-iac/sync-project';
import { RecipeSync } from '@dataiku-iac/sync-recipe';
import { API_KEY, DSS_HOST, useEmulatedDss } from '@dataiku-iac/test-utils';
import { afterEach, beforeEach } from 'vitest';
import { type ApplyOptions, type ApplyResult, applyPlan } from '../apply-plan.js';
import { createClientObjects } from '../client-objects.js';
import type { DssObjects } from '../dss-objects.js';

const REDACTION_KEY = 'test-redaction-key';

/** The emulated DSS, a state file in a fresh directory, and the ways to plan and apply against them. */
export function useApplyFixture() {
  const dss = useEmulatedDss();
  const fixture = { directory: '', backend: undefined as unknown as LocalFileBackend };
  beforeEach(async () => {
    fixture.directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-apply-'));
    fixture.backend = new LocalFileBackend({ stateFile: join(fixture.directory, 'dev.state.json'), onWarning: () => undefined });
  });
  afterEach(async () => {
    await rm(fixture.directory, { recursive: true, force: true });
  });

  const client = (): DssClient => new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, retries: 2 });
  const syncsOf = (dssClient: DssClient): Map<ResourceType, ResourceSync> => {
    const options = { client: dssClient, redactionKey: REDACTION_KEY, deployedBy: 'apply-test' };
    return new Map<ResourceType, ResourceSync>([
      ['project', new ProjectSync(options)],
      ['dataset', new DatasetSync(options)],
      ['recipe', new RecipeSync(options)],
    ]);
  };

  /** What DSS holds now for these projects, with the managed marks of `saved`. */
  async function actual(saved: State, projectKeys: readonly string[]): Promise<State> {
    const syncs = syncsOf(client());
    const state = saved.clone();
    for (const key of projectKeys) {
      for (const resource of saved.listResources()) if (resource.projectKey === key) state.removeResource(resource.resourceId);
      const project = await syncs.get('project')?.read(makeResourceId('project', key));
      if (project === undefined) continue;
      const children = [...(await (syncs.get('dataset') as ResourceSync).listAll(key)), ...(await (syncs.get('recipe') as ResourceSync).listAll(key))];
      for (const resource of [project.resource, ...children]) state.addResource(withMark(resource, saved));
    }
    return state;
  }

  async function saved(): Promise<State> {
    return fixture.backend.load().catch(() => new State({ environment: 'dev' }));
  }

  async function plan(desired: readonly DesiredResource[], options: { allowDestroyProject?: boolean } = {}): Promise<Plan> {
    const state = await saved();
    const projectKeys = [...new Set([...desired.map((resource) => resource.resourceId.split('.')[1] as string), ...state.listResources().filter((r) => r.metadata.managed).map((r) => r.projectKey)])].sort();
    return createPlan({
      desired,
      actual: await actual(state, projectKeys),
      refreshed: true,
      projectKeys,
      state: stateReference(state),
      configuration: { source: 'test.yaml', digest: 'digest', codeFiles: [] },
      environment: 'dev',
      toolVersion: '0.0.0',
      redactionKey: REDACTION_KEY,
      allowDestroyProject: options.allowDestroyProject,
    });
  }

  function objects(): DssObjects {
    const dssClient = client();
    return createClientObjects({ client: dssClient, syncs: syncsOf(dssClient), owner: 'admin' });
  }

  async function apply(thePlan: Plan, desired: readonly DesiredResource[], options: Partial<ApplyOptions> = {}): Promise<ApplyResult> {
    const lock = await fixture.backend.lock('apply');
    try {
      return await applyPlan({
        plan: thePlan,
        state: await saved(),
        backend: fixture.backend,
        objects: objects(),
        secrets: (id) => desired.find((resource) => resource.resourceId === id)?.secrets ?? [],
        redactionKey: REDACTION_KEY,
        deployedBy: 'apply-test',
        ...options,
      });
    } finally {
      await lock.release();
    }
  }

  return { dss, fixture, plan, apply, saved, objects, actual };
}

function withMark(resource: Resource, saved: State): Resource {
  const previous = saved.getResource(resource.resourceId);
  return previous?.metadata.managed === true ? resource.withMetadata({ managed: true }) : resource;
}

const io = (...refs: string[]): JsonObject => ({ main: { items: refs.map((ref) => ({ ref })) } });

/** A configuration's resource (what `@dataiku-iac/config` produces). */
export function declared(resourceId: string, attributes: JsonObject, extra: Partial<DesiredResource> = {}): DesiredResource {
  const [type, projectKey] = resourceId.split('.') as [ResourceType, string];
  const inputs = (attributes.inputs as { main?: { items?: { ref: string }[] } } | undefined)?.main?.items ?? [];
  const outputs = (attributes.outputs as { main?: { items?: { ref: string }[] } } | undefined)?.main?.items ?? [];
  const datasets = [...inputs, ...outputs].map((item) => (item.ref.includes('.') ? `dataset.${item.ref}` : `dataset.${projectKey}.${item.ref}`));
  const dependsOn = type === 'project' ? [] : [`project.${projectKey}`, ...datasets];
  return { resourceId, resourceType: type, attributes, secrets: [], dependsOn, ...extra };
}

/** A project P with two datasets and a python recipe between them. */
export function flow(projectKey = 'P'): DesiredResource[] {
  return [
    declared(`project.${projectKey}`, { projectKey, name: `Project ${projectKey}`, tags: ['b', 'a'] }),
    declared(`dataset.${projectKey}.raw`, { name: 'raw', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '${projectKey}/raw' }, formatType: 'csv', formatParams: { separator: ',' } }),
    declared(`dataset.${projectKey}.clean`, { name: 'clean', type: 'Filesystem', params: { connection: 'filesystem_managed', path: '${projectKey}/clean' }, formatType: 'csv', formatParams: { separator: ';' } }),
    declared(`recipe.${projectKey}.prepare`, { name: 'prepare', type: 'python', inputs: io('raw'), outputs: io('clean'), payload: 'import dataiku\nprint("clean")\n' }),
  ];
}
