import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/** One action of an apply could not be done (DSS refused it, a write failed…). */
export class ApplyError extends DataikuIaCError {
  override readonly name = 'ApplyError';
  readonly resourceId: string;

  constructor(resourceId: string, message: string, options?: IacErrorOptions) {
    super('APPLY_FAILED', message, options);
    this.resourceId = resourceId;
  }
}
