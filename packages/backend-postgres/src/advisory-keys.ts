import { createHash } from 'node:crypto';

/** Advisory lock keys (bigints, as decimal strings) of one environment in one schema. */
export interface AdvisoryKeys {
  /** Held by the session of the state lock's holder for as long as it holds the lock. */
  readonly lock: string;
  /** Held for one short transaction while the lock is taken, released or forced. */
  readonly guard: string;
  /** Held while the schema's tables are created or migrated. */
  readonly migration: string;
}

/**
 * Advisory locks are per database, so keys come from a hash of the schema and environment names:
 * two environments share a key only by a 64-bit hash collision.
 */
export function advisoryKeys(schema: string, environment: string): AdvisoryKeys {
  return {
    lock: key(`dataiku-iac\0${schema}\0${environment}\0lock`),
    guard: key(`dataiku-iac\0${schema}\0${environment}\0guard`),
    migration: key(`dataiku-iac\0${schema}\0migration`),
  };
}

function key(text: string): string {
  return createHash('sha256').update(text).digest().readBigInt64BE(0).toString();
}
