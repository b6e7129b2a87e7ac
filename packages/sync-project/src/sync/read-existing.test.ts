import { hasErrorCode } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { DssApiError } from '@dataiku-iac/dss-client';
import { readExisting } from './read-existing.js';

function dssFailure(status: number, errorType?: string): DssApiError {
  return new DssApiError({ method: 'GET', path: '/public/api/projects/P/datasets/d', status, errorType, responseBody: '', attempts: 1 });
}

describe('readExisting', () => {
  it('returns what the read returns', async () => {
    await expect(readExisting('dataset.P.d', () => Promise.resolve({ type: 'Filesystem' }))).resolves.toEqual({ type: 'Filesystem' });
  });

  it('turns a 404 or a NotFoundException into ResourceNotFoundError for the resource', async () => {
    for (const failure of [dssFailure(404), dssFailure(400, 'com.dataiku.dip.server.controllers.NotFoundException')]) {
      const error = await readExisting('dataset.P.d', () => Promise.reject(failure)).catch((caught: unknown) => caught);
      expect(hasErrorCode(error, 'RESOURCE_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toBe('dataset.P.d does not exist in DSS');
      expect((error as Error).cause).toBe(failure);
    }
  });

  it('passes every other failure through, 401 and 403 included', async () => {
    for (const failure of [dssFailure(401), dssFailure(403), dssFailure(500), new Error('socket hang up')]) {
      await expect(readExisting('dataset.P.d', () => Promise.reject(failure))).rejects.toBe(failure);
    }
  });
});
