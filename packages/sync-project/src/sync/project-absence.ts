import { makeResourceId, ResourceNotFoundError } from '@dataiku-iac/models';
import { DssApiError, isNotFound } from '@dataiku-iac/dss-client';

/** `GET /projects/`: the project keys DSS shows this API key. */
export type ListProjectKeys = (signal: AbortSignal | undefined) => Promise<readonly string[]>;

function isRefusal(error: unknown): boolean {
  return DssApiError.isInstance(error) && (error.status === 401 || error.status === 403);
}

/**
 * What a failed project-level read (metadata, settings, a list of children) says about the project.
 *
 * "Not found" means it does not exist. A real DSS answers a non-admin key 401/403
 * `UnauthorizedException` for a project that does not exist (contract decision 8): when the project
 * list lacks the key, the project does not exist either. Both give ResourceNotFoundError for
 * `project.{KEY}`, with the failure as cause. A refusal for a listed project, or one whose list
 * cannot be read, and every other failure are returned unchanged: never "deleted", never swallowed.
 */
export async function projectReadFailure(failure: unknown, projectKey: string, listProjectKeys: ListProjectKeys, signal?: AbortSignal): Promise<unknown> {
  const absent = (): ResourceNotFoundError => new ResourceNotFoundError(makeResourceId('project', projectKey), { cause: failure });
  if (isNotFound(failure)) return absent();
  if (!isRefusal(failure)) return failure;
  let listed: readonly string[];
  try {
    listed = await listProjectKeys(signal);
  } catch {
    return failure;
  }
  return listed.includes(projectKey) ? failure : absent();
}
