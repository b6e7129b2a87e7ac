import { DataikuIaCError, type IacErrorOptions } from './dataiku-iac-error.js';

/** DSS answered "not found" for a resource. Only a real 404 / NotFoundException leads here. */
export class ResourceNotFoundError extends DataikuIaCError {
  override readonly name = 'ResourceNotFoundError';
  readonly resourceId: string;

  constructor(resourceId: string, options?: IacErrorOptions) {
    super('RESOURCE_NOT_FOUND', `${resourceId} does not exist in DSS`, options);
    this.resourceId = resourceId;
  }
}
