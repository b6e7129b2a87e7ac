import { InvalidArgumentError } from '@dataiku-iac/models';

/** A command line we cannot run (code INVALID_ARGUMENT). The message says what to change. */
export class UsageError extends InvalidArgumentError {}
