import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

const PROJECT_PREFIX = 'project.';

/**
 * For a project, DSS cannot tell "missing" from "hidden from this key": a non-admin key gets the
 * same refusal for both (contract decision 8), so the message says so.
 */
function messageFor(resourceId: string): string {
  return resourceId.startsWith(PROJECT_PREFIX)
    ? `project ${resourceId.slice(PROJECT_PREFIX.length)} does not exist in DSS (or this API key cannot see it)`
    : `${resourceId} does not exist in DSS`;
}

/**
 * DSS says a resource does not exist: a real 404 / NotFoundException, or, for a project, a refusal
 * to read it together with its absence from the project list.
 */
export class ResourceNotFoundError extends DataikuIaCError {
  override readonly name = 'ResourceNotFoundError';
  readonly resourceId: string;

  constructor(resourceId: string, options?: IacErrorOptions) {
    super('RESOURCE_NOT_FOUND', messageFor(resourceId), options);
    this.resourceId = resourceId;
  }
}
