import { DataikuIaCError } from '@dataiku-iac/models';

/** The DSS client cannot be configured: host or API key missing, bad host URL, bad option, unreadable CA file. */
export class DssConfigError extends DataikuIaCError {
  override readonly name = 'DssConfigError';

  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}
