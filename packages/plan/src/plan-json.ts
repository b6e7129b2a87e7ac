import {
  type AttributeChange,
  type AttributeChangeOp,
  isJsonObject,
  isResourceType,
  isTimestamp,
  isValidResourceId,
  type JsonObject,
  type JsonValue,
  parseResourceId,
} from '@dataiku-iac/models';
import { PlanError } from './errors/plan-error.js';
import { type Plan, PLAN_FORMAT_VERSION, type PlanAction, type PlanActionType, type PlannedSecret } from './plan-types.js';

/**
 * A plan as JSON (`plan --json`, saved plan files): snake_case keys, `format_version` 1. Secrets
 * appear only as the variable they come from and a keyed hash, never as values.
 */
export function planToJson(plan: Plan): JsonObject {
  return {
    format_version: plan.formatVersion,
    tool_version: plan.toolVersion,
    created_at: plan.createdAt,
    environment: plan.environment,
    refreshed: plan.refreshed,
    state: { lineage: plan.state.lineage, serial: plan.state.serial, resources_digest: plan.state.resourcesDigest },
    configuration: { source: plan.configuration.source, digest: plan.configuration.digest, code_files: [...plan.configuration.codeFiles] },
    project_keys: [...plan.projectKeys],
    allow_destroy_project: plan.allowDestroyProject,
    summary: { ...plan.summary },
    actions: plan.actions.map((action) => ({
      resource_id: action.resourceId,
      resource_type: action.resourceType,
      action: action.action,
      ...(action.reason === undefined ? {} : { reason: action.reason }),
      changes: action.changes.map((change) => ({ ...change })),
      ...(action.desired === undefined ? {} : { desired: action.desired }),
      secrets: action.secrets.map((secret) => ({ path: [...secret.path], variable: secret.variable, marker: secret.marker })),
      fingerprint: action.fingerprint,
      after: [...action.after],
    })),
  };
}

/** The text of a saved plan: two-space indented JSON and a final newline. */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}

/**
 * Read a saved plan.
 * @throws PlanError (PLAN_INVALID) naming `source` and the first problem: not JSON, another format
 *   version, a missing or mistyped field
 */
export function parsePlan(text: string, source: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new PlanError(`${source} is not a saved plan: it is not JSON`);
  }
  const read = new Reader(source);
  const root = read.object(data, '');
  const version = root.format_version;
  if (typeof version === 'number' && version !== PLAN_FORMAT_VERSION) {
    throw new PlanError(`${source} is a plan of format version ${version}; this version of dataiku-iac reads format ${PLAN_FORMAT_VERSION}`, {
      hint: 'make the plan again with this version',
    });
  }
  read.equal(version, PLAN_FORMAT_VERSION, '/format_version');
  const state = read.object(root.state, '/state');
  const configuration = read.object(root.configuration, '/configuration');
  const summary = read.object(root.summary, '/summary');
  const count = (key: string): number => read.count(summary[key], `/summary/${key}`);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: read.string(root.tool_version, '/tool_version'),
    createdAt: read.timestamp(root.created_at, '/created_at'),
    environment: read.string(root.environment, '/environment'),
    refreshed: read.boolean(root.refreshed, '/refreshed'),
    state: {
      lineage: state.lineage === null ? null : read.string(state.lineage, '/state/lineage'),
      serial: read.count(state.serial, '/state/serial'),
      resourcesDigest: read.string(state.resources_digest, '/state/resources_digest'),
    },
    configuration: {
      source: read.string(configuration.source, '/configuration/source'),
      digest: read.string(configuration.digest, '/configuration/digest'),
      codeFiles: read.array(configuration.code_files, '/configuration/code_files').map((file, index) => read.string(file, `/configuration/code_files/${index}`)),
    },
    projectKeys: read.array(root.project_keys, '/project_keys').map((key, index) => read.string(key, `/project_keys/${index}`)),
    allowDestroyProject: read.boolean(root.allow_destroy_project, '/allow_destroy_project'),
    summary: { add: count('add'), change: count('change'), replace: count('replace'), destroy: count('destroy'), unchanged: count('unchanged'), unmanaged: count('unmanaged') },
    actions: read.array(root.actions, '/actions').map((action, index) => readAction(read, action, `/actions/${index}`)),
  };
}

const ACTIONS: readonly PlanActionType[] = ['create', 'update', 'replace', 'delete'];
const OPS: readonly AttributeChangeOp[] = ['add', 'remove', 'replace'];

function readAction(read: Reader, value: unknown, at: string): PlanAction {
  const action = read.object(value, at);
  const resourceId = read.string(action.resource_id, `${at}/resource_id`);
  if (!isValidResourceId(resourceId)) read.fail(`${at}/resource_id`, 'is not a resource id');
  const resourceType = action.resource_type;
  if (!isResourceType(resourceType) || parseResourceId(resourceId).resourceType !== resourceType) read.fail(`${at}/resource_type`, 'does not match the resource id');
  const type = action.action;
  if (typeof type !== 'string' || !(ACTIONS as readonly string[]).includes(type)) read.fail(`${at}/action`, `must be one of ${ACTIONS.join(', ')}`);
  const fingerprint = action.fingerprint === null ? null : read.string(action.fingerprint, `${at}/fingerprint`);
  const desired = action.desired === undefined ? undefined : read.object(action.desired, `${at}/desired`);
  if ((desired === undefined) !== (type === 'delete')) read.fail(`${at}/desired`, type === 'delete' ? 'must be absent for a delete' : 'is missing');
  return {
    resourceId,
    resourceType,
    action: type as PlanActionType,
    ...(action.reason === undefined ? {} : { reason: read.string(action.reason, `${at}/reason`) }),
    changes: read.array(action.changes, `${at}/changes`).map((change, index) => readChange(read, change, `${at}/changes/${index}`)),
    ...(desired === undefined ? {} : { desired }),
    secrets: read.array(action.secrets, `${at}/secrets`).map((secret, index) => readSecret(read, secret, `${at}/secrets/${index}`)),
    fingerprint,
    after: read.array(action.after, `${at}/after`).map((id, index) => read.string(id, `${at}/after/${index}`)),
  };
}

function readChange(read: Reader, value: unknown, at: string): AttributeChange {
  const change = read.object(value, at);
  const op = change.op;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) read.fail(`${at}/op`, `must be one of ${OPS.join(', ')}`);
  return {
    path: read.string(change.path, `${at}/path`),
    op: op as AttributeChangeOp,
    ...(change.old === undefined ? {} : { old: change.old }),
    ...(change.new === undefined ? {} : { new: change.new }),
  };
}

function readSecret(read: Reader, value: unknown, at: string): PlannedSecret {
  const secret = read.object(value, at);
  const path = read.array(secret.path, `${at}/path`).map((segment, index) => {
    if (typeof segment === 'string' || (typeof segment === 'number' && Number.isInteger(segment) && segment >= 0)) return segment;
    return read.fail(`${at}/path/${index}`, 'must be a key or an index');
  });
  return { path, variable: read.string(secret.variable, `${at}/variable`), marker: read.string(secret.marker, `${at}/marker`) };
}

/** Typed reads of untrusted JSON, failing with the file and the JSON pointer of the problem. */
class Reader {
  readonly #source: string;

  constructor(source: string) {
    this.#source = source;
  }

  fail(at: string, problem: string): never {
    throw new PlanError(`${this.#source} is not a valid saved plan: ${at === '' ? '(root)' : at} ${problem}`);
  }

  object(value: unknown, at: string): JsonObject {
    return isJsonObject(value) ? value : this.fail(at, 'must be an object');
  }

  array(value: unknown, at: string): readonly JsonValue[] {
    return Array.isArray(value) ? (value as readonly JsonValue[]) : this.fail(at, 'must be an array');
  }

  string(value: unknown, at: string): string {
    return typeof value === 'string' ? value : this.fail(at, 'must be a string');
  }

  boolean(value: unknown, at: string): boolean {
    return typeof value === 'boolean' ? value : this.fail(at, 'must be true or false');
  }

  count(value: unknown, at: string): number {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : this.fail(at, 'must be a whole number >= 0');
  }

  timestamp(value: unknown, at: string): string {
    return typeof value === 'string' && isTimestamp(value) ? value : this.fail(at, 'must be an RFC 3339 timestamp');
  }

  equal(value: unknown, expected: number, at: string): void {
    if (value !== expected) this.fail(at, `must be ${expected}`);
  }
}
