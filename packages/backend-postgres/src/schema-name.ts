import { InvalidArgumentError, shorten } from '@dataiku-iac/models';

/** The schema used when none is given. */
export const DEFAULT_SCHEMA = 'dataiku_iac';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A schema name can only be spliced into SQL, never passed as a parameter: it is restricted to
 * lower-case letters, digits and "_" (an unquoted PostgreSQL identifier, at most 63 bytes), and
 * quoted all the same. Returns the quoted identifier.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for any other name
 */
export function quoteSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema) || schema.startsWith('pg_')) {
    throw new InvalidArgumentError(
      `invalid schema name ${shorten(JSON.stringify(schema), 80)}: use 1-63 lower-case letters, digits or "_", starting with a letter or "_" (not "pg_")`,
    );
  }
  return `"${schema}"`;
}
