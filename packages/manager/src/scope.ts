import { InvalidArgumentError, PROJECT_KEY_PATTERN, shorten } from '@dataiku-iac/models';

/** Which projects to read: the given keys; or with `all`, every project in DSS and in the state. */
export interface SyncScope {
  readonly projects?: readonly string[];
  readonly all?: boolean;
  /**
   * Named projects may not exist yet (a plan creates them): read what exists, skip the others.
   * Default false: a named project that neither DSS nor the state has is an error.
   */
  readonly mayNotExist?: boolean;
}

/**
 * The project keys a scope names, sorted and without duplicates (`undefined` when it names none).
 * Checked before anything starts, so that a bad key is one clear error and nothing to clean up.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for a key DSS cannot have, or keys with `all`
 */
export function namedProjects(scope: SyncScope): readonly string[] | undefined {
  const keys = scope.projects ?? [];
  if (keys.length === 0) return undefined;
  if (scope.all === true) throw new InvalidArgumentError('give either project keys or all, not both');
  for (const key of keys) {
    if (!PROJECT_KEY_PATTERN.test(key)) {
      throw new InvalidArgumentError(`invalid project key ${shorten(JSON.stringify(key))}: project keys are letters, digits and underscores`);
    }
  }
  return [...new Set(keys)].sort();
}
