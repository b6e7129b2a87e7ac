import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/** A plan cannot be made or read: a dependency cycle, a project it may not delete, a bad plan file. */
export class PlanError extends DataikuIaCError {
  override readonly name = 'PlanError';

  constructor(message: string, options?: IacErrorOptions) {
    super('PLAN_INVALID', message, options);
  }
}
