import { DataikuIaCError, type IacErrorOptions } from '@dataiku-iac/models';

/** The database's tables were made by a newer version of this tool, which this one must not touch. */
export class BackendSchemaError extends DataikuIaCError {
  override readonly name = 'BackendSchemaError';
  readonly location: string;
  /** The version of the tables found. */
  readonly version: number;

  constructor(location: string, version: number, supported: number, options?: IacErrorOptions) {
    super(
      'BACKEND_SCHEMA_UNSUPPORTED',
      `PostgreSQL state backend ${location}: the tables are at schema version ${version}, newer than this version of dataiku-iac knows (${supported})`,
      { hint: 'upgrade dataiku-iac to use this database; nothing was changed', ...options },
    );
    this.location = location;
    this.version = version;
  }
}
