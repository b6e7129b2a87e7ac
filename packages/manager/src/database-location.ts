const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** True when `location` names a PostgreSQL database rather than a file. */
export function isDatabaseLocation(location: string): boolean {
  return POSTGRES_URL.test(location);
}
