import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/** Environment names: 1-64 letters, digits, "_" or "-" (a state file name, a database row key). */
export const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * @throws InvalidArgumentError (INVALID_ARGUMENT) unless the name is 1-64 letters, digits, "_" or "-",
 *   so that an environment name can never escape a state directory nor carry SQL
 */
export function assertEnvironmentName(environment: string): void {
  if (!ENVIRONMENT_NAME_PATTERN.test(environment)) {
    throw new InvalidArgumentError(`invalid environment name ${JSON.stringify(environment)}: use 1-64 letters, digits, "_" or "-"`);
  }
}
