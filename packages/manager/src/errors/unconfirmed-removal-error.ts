import { DataikuIaCError, type IacErrorCode } from '@dataiku-iac/models';

/**
 * Tracked projects answered "not found", but DSS's project list does not confirm that they are gone
 * (it cannot be read, or it still lists them), so they are kept. The code is that of the failure
 * that prevented the confirmation (`DSS_HTTP`, `DSS_UNREACHABLE`…), or `DSS_RESPONSE_INVALID` when
 * DSS lists a project it says does not exist.
 */
export class UnconfirmedRemovalError extends DataikuIaCError {
  override readonly name = 'UnconfirmedRemovalError';
  readonly projectKeys: readonly string[];

  constructor(code: IacErrorCode, message: string, projectKeys: readonly string[], options?: ErrorOptions) {
    super(code, message, options);
    this.projectKeys = projectKeys;
  }
}
