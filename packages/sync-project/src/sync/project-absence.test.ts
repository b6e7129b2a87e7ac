import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@dataiku-iac/models';
import { DssApiError } from '@dataiku-iac/dss-client';
import { projectReadFailure } from './project-absence.js';

function apiError(status: number, errorType?: string): DssApiError {
  return new DssApiError({ method: 'GET', path: '/public/api/projects/P/metadata', status, errorType, responseBody: '', attempts: 1 });
}

const listed = (keys: string[]) => (): Promise<string[]> => Promise.resolve(keys);

describe('projectReadFailure', () => {
  it('makes "not found" a missing project, without asking for the project list', async () => {
    const cause = apiError(404);
    const error = await projectReadFailure(cause, 'P', () => Promise.reject(new Error('not called')));
    expect(hasErrorCode(error, 'RESOURCE_NOT_FOUND')).toBe(true);
    expect(error).toMatchObject({ resourceId: 'project.P', message: 'project P does not exist in DSS (or this API key cannot see it)' });
    expect((error as Error).cause).toBe(cause);
  });

  it.each([401, 403])('makes a %i a missing project only when the project list lacks the key', async (status) => {
    const refusal = apiError(status, 'com.dataiku.dip.exceptions.UnauthorizedException');
    const missing = await projectReadFailure(refusal, 'P', listed(['OTHER']));
    expect(missing).toMatchObject({ code: 'RESOURCE_NOT_FOUND', resourceId: 'project.P' });
    expect((missing as Error).cause).toBe(refusal);
    expect(await projectReadFailure(refusal, 'P', listed(['OTHER', 'P']))).toBe(refusal);
    expect(await projectReadFailure(refusal, 'P', () => Promise.reject(apiError(500)))).toBe(refusal);
  });

  it('passes every other failure through, without asking for the project list', async () => {
    for (const failure of [apiError(500, 'x.CodedIOException'), apiError(400), new Error('socket hang up'), 'odd']) {
      expect(await projectReadFailure(failure, 'P', () => Promise.reject(new Error('not called')))).toBe(failure);
    }
  });

  it('asks for the project list with the caller signal', async () => {
    const signal = new AbortController().signal;
    let seen: AbortSignal | undefined;
    await projectReadFailure(apiError(401), 'P', (given) => {
      seen = given;
      return Promise.resolve([]);
    }, signal);
    expect(seen).toBe(signal);
  });
});
