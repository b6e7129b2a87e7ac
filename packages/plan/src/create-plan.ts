import { sameValue } from '@dataiku-iac/diff';
import { type AttributeChange, type JsonObject, makeResourceId, nowTimestamp, type Resource, secretMarker, type State } from '@dataiku-iac/models';
import { compareDeclared, SENSITIVE } from './compare-declared.js';
import { dependencyOrder } from './dependency-order.js';
import type { DesiredResource } from './desired-resource.js';
import { PlanError } from './errors/plan-error.js';
import { type Plan, PLAN_FORMAT_VERSION, type PlanAction, type PlannedSecret, type PlanConfigurationReference, type PlanStateReference } from './plan-types.js';
import { recipeReferences } from './recipe-references.js';

export interface PlanInput {
  /** What the configuration declares. */
  readonly desired: readonly DesiredResource[];
  /**
   * What DSS holds, as resources with their managed marks: the state refreshed from DSS for
   * `projectKeys`, or the saved state itself (`refreshed: false`).
   */
  readonly actual: State;
  readonly refreshed: boolean;
  /** The projects to compare: the declared ones and those with managed resources. */
  readonly projectKeys: readonly string[];
  /** The saved state the plan is made against (see `stateReference`). */
  readonly state: PlanStateReference;
  readonly configuration: PlanConfigurationReference;
  readonly environment: string;
  readonly toolVersion: string;
  /** Key of the keyed hash of secrets (the state's redaction key). */
  readonly redactionKey?: string | undefined;
  /** Allow deleting a managed project that left the configuration. Default false. */
  readonly allowDestroyProject?: boolean | undefined;
  /** RFC 3339 creation time (default now). */
  readonly now?: (() => string) | undefined;
}

/** Attributes DSS cannot change in place: a different value means delete, then create. */
const REPLACED_BY: Readonly<Record<string, readonly string[]>> = { dataset: ['type'], recipe: ['type'] };

/**
 * Compare what the configuration declares with what DSS holds and decide, for each object, to
 * create, update in place, replace or delete it. Pure: no I/O.
 *
 * Only declared attributes are compared (see `compareDeclared`). An object is deleted only when
 * this tool manages it (apply wrote it, or import adopted it) and it left the configuration; a
 * project only with `allowDestroyProject`. Writes come first, in dependency order; deletes after
 * them, in reverse dependency order.
 * @throws PlanError (PLAN_INVALID) for a managed project leaving the configuration without
 *   `allowDestroyProject`, a declared object needing one that would be deleted, or a dependency cycle
 */
export function createPlan(input: PlanInput): Plan {
  const scope = new Set(input.projectKeys);
  const declared = new Map(input.desired.map((resource) => [resource.resourceId, resource]));
  const actions = new Map<string, PlanAction>();
  let unchanged = 0;
  for (const resource of input.desired) {
    const action = planWrite(resource, input.actual.getResource(resource.resourceId), input);
    if (action === undefined) unchanged++;
    else actions.set(resource.resourceId, action);
  }
  let unmanaged = 0;
  for (const resource of input.actual.resources.values()) {
    if (!scope.has(resource.projectKey) || declared.has(resource.resourceId)) continue;
    if (!resource.metadata.managed) {
      unmanaged++;
      continue;
    }
    if (resource.resourceType === 'project' && input.allowDestroyProject !== true) {
      throw new PlanError(`${resource.resourceId} is managed and no longer in the configuration: deleting it would delete the whole project in DSS`, {
        hint: 'declare it again to keep it, or allow its deletion with --allow-destroy-project (dataset data is never dropped)',
      });
    }
    actions.set(resource.resourceId, planDelete(resource));
  }
  for (const resource of input.desired) {
    const deleted = resource.dependsOn.find((id) => actions.get(id)?.action === 'delete');
    if (deleted !== undefined) {
      throw new PlanError(`${resource.resourceId} needs ${deleted}, which left the configuration and would be deleted`, {
        hint: `declare ${deleted} again, or stop referring to it`,
      });
    }
  }
  const ordered = orderActions(actions, declared, input.actual);
  const count = (type: PlanAction['action']): number => ordered.filter((action) => action.action === type).length;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: input.toolVersion,
    createdAt: (input.now ?? nowTimestamp)(),
    environment: input.environment,
    refreshed: input.refreshed,
    state: input.state,
    configuration: input.configuration,
    projectKeys: [...scope].sort(),
    allowDestroyProject: input.allowDestroyProject === true,
    actions: ordered,
    summary: { add: count('create'), change: count('update'), replace: count('replace'), destroy: count('delete'), unchanged, unmanaged },
  };
}

function planWrite(resource: DesiredResource, actual: Resource | undefined, input: PlanInput): PlanAction | undefined {
  // Only for an action: the secrets' markers are keyed hashes, and most resources are unchanged.
  const base = (): Pick<PlanAction, 'resourceId' | 'resourceType' | 'desired' | 'secrets' | 'after'> => ({
    resourceId: resource.resourceId,
    resourceType: resource.resourceType,
    desired: resource.attributes,
    secrets: plannedSecrets(resource, input.redactionKey),
    after: [],
  });
  if (actual === undefined) {
    return { ...base(), action: 'create', changes: creationChanges(resource), fingerprint: null };
  }
  const fingerprint = actual.metadata.checksum;
  for (const attribute of REPLACED_BY[resource.resourceType] ?? []) {
    const want = resource.attributes[attribute];
    const have = actual.attributes[attribute];
    if (want !== undefined && (have === undefined || !sameValue(want, have))) {
      const reason = `${attribute} changes from ${JSON.stringify(have ?? null)} to ${JSON.stringify(want)}`;
      return { ...base(), action: 'replace', reason, changes: compareWithSecrets(resource, actual, input), fingerprint };
    }
  }
  const changes = compareWithSecrets(resource, actual, input);
  return changes.length === 0 ? undefined : { ...base(), action: 'update', changes, fingerprint };
}

function compareWithSecrets(resource: DesiredResource, actual: Resource, input: PlanInput): AttributeChange[] {
  return compareDeclared(resource.attributes, actual.attributes, { resourceId: resource.resourceId, secrets: resource.secrets, redactionKey: input.redactionKey });
}

/** A create shows every declared attribute as added, secrets hidden. */
function creationChanges(resource: DesiredResource): AttributeChange[] {
  const secretKeys = new Set(resource.secrets.filter((secret) => secret.path.length === 1).map((secret) => String(secret.path[0])));
  return Object.entries(resource.attributes).map(([key, value]) => ({
    path: key,
    op: 'add' as const,
    new: secretKeys.has(key) ? SENSITIVE : hideNestedSecrets(value, key, resource),
  }));
}

function hideNestedSecrets(value: JsonObject[string], key: string, resource: DesiredResource): JsonObject[string] {
  const nested = resource.secrets.filter((secret) => secret.path[0] === key && secret.path.length > 1);
  if (nested.length === 0) return value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  for (const secret of nested) {
    let node: Record<string | number, unknown> = copy;
    for (const segment of secret.path.slice(1, -1)) node = node[segment] as Record<string | number, unknown>;
    node[secret.path.at(-1) as string | number] = SENSITIVE;
  }
  return copy as JsonObject[string];
}

function plannedSecrets(resource: DesiredResource, redactionKey: string | undefined): PlannedSecret[] {
  return resource.secrets.map((secret) => ({
    path: secret.path,
    variable: secret.variable,
    marker: secretMarker(secret.value, secret.path, { resourceId: resource.resourceId, key: redactionKey }),
  }));
}

function planDelete(resource: Resource): PlanAction {
  return {
    resourceId: resource.resourceId,
    resourceType: resource.resourceType,
    action: 'delete',
    changes: [],
    secrets: [],
    fingerprint: resource.metadata.checksum,
    after: [],
  };
}

/**
 * Writes in dependency order (each after what it needs), then deletes in reverse dependency order
 * (each after what needs it); `after` lists, within each phase, what must be done first.
 */
function orderActions(actions: ReadonlyMap<string, PlanAction>, declared: ReadonlyMap<string, DesiredResource>, actual: State): PlanAction[] {
  const writes = [...actions.values()].filter((action) => action.action !== 'delete').map((action) => action.resourceId);
  const deletes = [...actions.values()].filter((action) => action.action === 'delete').map((action) => action.resourceId);
  const needs = (id: string): string[] => [...(declared.get(id)?.dependsOn ?? [])];
  const writeSet = new Set(writes);
  const orderedWrites = dependencyOrder(writes, needs);
  // A delete waits for the deletes of everything that needs the object (its recipes, its children).
  const neededBy = dependentsIn(actual, new Set(deletes));
  const deleteSet = new Set(deletes);
  const orderedDeletes = dependencyOrder(deletes, (id) => neededBy.get(id) ?? []);
  const withAfter = (id: string, phase: ReadonlySet<string>, before: readonly string[]): PlanAction => ({
    ...(actions.get(id) as PlanAction),
    after: before.filter((other) => phase.has(other)).sort(),
  });
  return [
    ...orderedWrites.map((id) => withAfter(id, writeSet, needs(id))),
    ...orderedDeletes.map((id) => withAfter(id, deleteSet, neededBy.get(id) ?? [])),
  ];
}

/** For each resource to delete, the other resources to delete that depend on it. */
function dependentsIn(state: State, ids: ReadonlySet<string>): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  const add = (needed: string, by: string): void => {
    if (ids.has(needed) && ids.has(by)) dependents.set(needed, [...(dependents.get(needed) ?? []), by]);
  };
  for (const id of ids) {
    const resource = state.getResource(id);
    if (resource === undefined) continue;
    if (resource.resourceType !== 'project') add(makeResourceId('project', resource.projectKey), id);
    if (resource.resourceType === 'recipe') {
      const { inputs, outputs } = recipeReferences(resource.projectKey, resource.attributes);
      for (const dataset of [...inputs, ...outputs]) add(dataset, id);
    }
  }
  return dependents;
}
