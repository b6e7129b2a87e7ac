import { hasErrorCode, ResourceNotFoundError } from '@dataiku-iac/models';
import { isNotFound } from '@dataiku-iac/dss-client';

/**
 * `read()`, with DSS's "not found" (404 / NotFoundException) turned into ResourceNotFoundError for
 * `resourceId`; every other failure passes through unchanged.
 */
export async function readExisting<T>(resourceId: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) throw new ResourceNotFoundError(resourceId, { cause: error });
    throw error;
  }
}

/** `read()`, or `undefined` when it fails with ResourceNotFoundError (RESOURCE_NOT_FOUND). */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (hasErrorCode(error, 'RESOURCE_NOT_FOUND')) return undefined;
    throw error;
  }
}
