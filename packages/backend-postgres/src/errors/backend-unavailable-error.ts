import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/**
 * The database cannot be used: unreachable, login refused, no such database, encryption required,
 * the connection lost, tables that cannot be created. Never shows a password.
 */
export class BackendUnavailableError extends DataikuIaCError {
  override readonly name = 'BackendUnavailableError';
  /** The database, as `PostgresBackend.location` shows it. */
  readonly location: string;

  constructor(location: string, reason: string, options?: IacErrorOptions) {
    super('BACKEND_UNAVAILABLE', `PostgreSQL state backend ${location}: ${reason}`, options);
    this.location = location;
  }
}
