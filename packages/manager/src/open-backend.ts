import { isAbsolute, resolve } from 'node:path';
import { defaultStatePath, LocalFileBackend } from '@dataiku-iac/backend-local';
import { assertEnvironmentName, InvalidArgumentError, type StateBackend } from '@dataiku-iac/models';
import { isDatabaseLocation } from './database-location.js';

export interface BackendSettings {
  /** A state file path, or a `postgres://` URL. Default: the environment's file in `cwd`. */
  readonly location?: string | undefined;
  readonly environment: string;
  /** Where relative paths start. */
  readonly cwd: string;
  /** How long a lock waits for another holder by default. */
  readonly lockTimeoutMs?: number | undefined;
  readonly onWarning?: ((message: string) => void) | undefined;
  /** Where PGPASSWORD and the like are read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * The state backend at `location`: the one place that knows which implementations exist. Everything
 * else holds the `StateBackend` it returns.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for a bad environment name or location
 */
export async function openBackend(settings: BackendSettings): Promise<StateBackend> {
  assertEnvironmentName(settings.environment);
  const { location } = settings;
  if (location?.trim() === '') throw new InvalidArgumentError('the state location is empty');
  if (location !== undefined && isDatabaseLocation(location)) {
    // Loaded only for a database: the driver costs start-up time every local command would pay.
    const { PostgresBackend } = await import('@dataiku-iac/backend-postgres');
    return new PostgresBackend({
      url: location,
      environment: settings.environment,
      ...(settings.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: settings.lockTimeoutMs }),
      ...(settings.onWarning === undefined ? {} : { onWarning: settings.onWarning }),
      ...(settings.env === undefined ? {} : { env: settings.env }),
    });
  }
  const stateFile =
    location === undefined ? defaultStatePath(settings.environment, settings.cwd) : isAbsolute(location) ? location : resolve(settings.cwd, location);
  return new LocalFileBackend({
    stateFile,
    ...(settings.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: settings.lockTimeoutMs }),
    ...(settings.onWarning === undefined ? {} : { onWarning: settings.onWarning }),
  });
}
