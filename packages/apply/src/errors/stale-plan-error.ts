import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/** The world moved past a saved plan: the state, the configuration or a DSS object changed since. */
export class StalePlanError extends DataikuIaCError {
  override readonly name = 'StalePlanError';

  constructor(message: string, options?: IacErrorOptions) {
    super('PLAN_STALE', message, { hint: 'run plan again', ...options });
  }
}
