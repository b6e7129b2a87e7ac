import {
  compareCodePoints,
  hasErrorCode,
  InvalidArgumentError,
  makeResourceId,
  PROJECT_KEY_PATTERN,
  type Resource,
  type ResourceType,
} from '@dataiku-iac/models';
import { isNotFound } from '@dataiku-iac/dss-client';
import { type ListProjectKeys, projectReadFailure } from './project-absence.js';

/** Child resources of a project, or projects (whose listed names are the project keys). */
export type FetchListedOptions = FetchListedCommon &
  (
    | {
        /** The project of the child resources. */
        readonly projectKey: string;
        /** `GET /projects/`, to tell a project that does not exist from one this key may not read. */
        readonly listProjectKeys: ListProjectKeys;
      }
    | { readonly projectKey?: undefined }
  );

interface FetchListedCommon {
  readonly resourceType: ResourceType;
  /** Enumerate the names (a list endpoint). */
  readonly listNames: (signal: AbortSignal) => Promise<readonly string[]>;
  /** Read one resource by id; must reject with ResourceNotFoundError (or a not-found DssApiError) when it is gone. */
  readonly fetch: (resourceId: string, signal: AbortSignal) => Promise<Resource>;
  readonly onWarning?: ((message: string) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

function isGone(error: unknown): boolean {
  return hasErrorCode(error, 'RESOURCE_NOT_FOUND') || isNotFound(error);
}

/** A list of children that fails because the project does not exist says so (see `projectReadFailure`). */
async function listNames(options: FetchListedOptions, signal: AbortSignal): Promise<readonly string[]> {
  try {
    return await options.listNames(signal);
  } catch (error) {
    if (options.projectKey === undefined) throw error;
    throw await projectReadFailure(error, options.projectKey, options.listProjectKeys, signal);
  }
}

/**
 * The "list names, then GET every object" pattern shared by the dataset and recipe syncs.
 *
 * All objects are fetched at once; the client's semaphore bounds how many requests are in flight. An
 * object that was listed and then answers "not found" was deleted meanwhile: it is left out with a
 * warning. A name that cannot form a resource id is left out with a warning too. Any other failure
 * aborts the outstanding requests and rejects with that first error, so nothing partial is returned.
 * The result is sorted by resource id. When the list of children answers "not found", or a refusal
 * while the project list lacks the key, the project does not exist: ResourceNotFoundError for
 * `project.{KEY}`.
 */
export async function fetchListed(options: FetchListedOptions): Promise<Resource[]> {
  const controller = new AbortController();
  const outer = options.signal;
  const signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
  const warn = options.onWarning ?? (() => undefined);
  const names = await listNames(options, signal);
  let firstError: { readonly error: unknown } | undefined;
  const results = await Promise.all(
    names.map(async (name) => {
      let resourceId: string;
      try {
        resourceId =
          options.projectKey === undefined
            ? makeResourceId(options.resourceType, name)
            : makeResourceId(options.resourceType, options.projectKey, name);
      } catch {
        const where = options.projectKey === undefined ? '' : ` in project ${options.projectKey}`;
        warn(`${options.resourceType} ${JSON.stringify(name)}${where} is skipped: its name cannot be part of a resource id`);
        return undefined;
      }
      try {
        return await options.fetch(resourceId, signal);
      } catch (error) {
        if (firstError === undefined && isGone(error)) {
          warn(`${resourceId} was listed but no longer exists in DSS (deleted meanwhile?); skipped`);
          return undefined;
        }
        if (firstError === undefined) {
          firstError = { error };
          controller.abort();
        }
        return undefined;
      }
    }),
  );
  if (outer?.aborted === true) throw outer.reason;
  if (firstError !== undefined) throw firstError.error;
  return results.filter((resource): resource is Resource => resource !== undefined).sort((a, b) => compareCodePoints(a.resourceId, b.resourceId));
}

/**
 * `listAll()` of a child resource type needs the project.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) when it is missing or not a valid project key
 */
export function requireProjectKey(resourceType: ResourceType, projectKey: string | undefined): string {
  if (projectKey === undefined || projectKey === '') {
    throw new InvalidArgumentError(`listing ${resourceType}s requires a project key`);
  }
  if (!PROJECT_KEY_PATTERN.test(projectKey)) {
    throw new InvalidArgumentError(`project key ${JSON.stringify(projectKey)} may only contain letters, digits and underscores`);
  }
  return projectKey;
}
