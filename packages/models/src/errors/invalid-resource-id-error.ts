import { DataikuIaCError } from './dataiku-iac-error.js';
import { shorten } from './shorten.js';

/** A resource id does not follow `{type}.{PROJECT_KEY}[.{name}]`. */
export class InvalidResourceIdError extends DataikuIaCError {
  override readonly name = 'InvalidResourceIdError';
  readonly resourceId: string;

  constructor(resourceId: string, reason: string) {
    super('INVALID_RESOURCE_ID', `invalid resource id ${shorten(JSON.stringify(resourceId))}: ${reason}`);
    this.resourceId = resourceId;
  }
}
