import { InvalidArgumentError } from '@dataiku-iac/models';

const ENVIRONMENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The rule of the local backend (`assertEnvironmentName` in backend-local), copied so that both
 * backends accept the same names: an environment can move between them.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) unless the name is 1-64 letters, digits, "_" or "-"
 */
export function assertEnvironmentName(environment: string): void {
  if (!ENVIRONMENT_NAME.test(environment)) {
    throw new InvalidArgumentError(`invalid environment name ${JSON.stringify(environment)}: use 1-64 letters, digits, "_" or "-"`);
  }
}
