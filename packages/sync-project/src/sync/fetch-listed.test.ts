import { describe, expect, it } from 'vitest';
import { hasErrorCode, Resource, ResourceNotFoundError } from '@dataiku-iac/models';
import { DssApiError } from '@dataiku-iac/dss-client';
import { fetchListed, requireProjectKey } from './fetch-listed.js';

const resource = (resourceId: string): Resource => new Resource({ resourceId, attributes: { id: resourceId } });

function apiError(status: number): DssApiError {
  return new DssApiError({ method: 'GET', path: '/x', status, responseBody: '', attempts: 1 });
}

/** The project list of a DSS holding only project P. */
const listP = (): Promise<string[]> => Promise.resolve(['P']);

describe('fetchListed', () => {
  it('fetches every listed name and sorts by resource id', async () => {
    const result = await fetchListed({
      resourceType: 'dataset',
      projectKey: 'P',
      listProjectKeys: listP,
      listNames: () => Promise.resolve(['b', 'a', 'C', 'a-1']),
      fetch: (id) => Promise.resolve(resource(id)),
    });
    expect(result.map((item) => item.resourceId)).toEqual(['dataset.P.C', 'dataset.P.a', 'dataset.P.a-1', 'dataset.P.b']);
  });

  it('skips names that were deleted meanwhile or cannot form an id, with warnings', async () => {
    const warnings: string[] = [];
    const result = await fetchListed({
      resourceType: 'recipe',
      projectKey: 'P',
      listProjectKeys: listP,
      listNames: () => Promise.resolve(['keep', 'gone', 'gone404', 'has space', 'dot.ted']),
      fetch: (id) => {
        if (id === 'recipe.P.gone') return Promise.reject(new ResourceNotFoundError(id));
        if (id === 'recipe.P.gone404') return Promise.reject(apiError(404));
        return Promise.resolve(resource(id));
      },
      onWarning: (message) => warnings.push(message),
    });
    expect(result.map((item) => item.resourceId)).toEqual(['recipe.P.keep']);
    expect(warnings.sort()).toEqual([
      'recipe "dot.ted" in project P is skipped: its name cannot be part of a resource id',
      'recipe "has space" in project P is skipped: its name cannot be part of a resource id',
      'recipe.P.gone was listed but no longer exists in DSS (deleted meanwhile?); skipped',
      'recipe.P.gone404 was listed but no longer exists in DSS (deleted meanwhile?); skipped',
    ]);
    await expect(
      fetchListed({ resourceType: 'project', listNames: () => Promise.resolve(['A', 'bad key']), fetch: (id) => Promise.resolve(resource(id)) }),
    ).resolves.toHaveLength(1);
  });

  it('rejects with the first real failure and aborts the other requests', async () => {
    const failure = apiError(500);
    const seen: AbortSignal[] = [];
    const promise = fetchListed({
      resourceType: 'dataset',
      projectKey: 'P',
      listProjectKeys: listP,
      listNames: () => Promise.resolve(['slow1', 'broken', 'slow2']),
      fetch: async (id, signal) => {
        if (id === 'dataset.P.broken') return Promise.reject(failure);
        seen.push(signal);
        await new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            reject(new Error('aborted'));
          });
        });
        return resource(id);
      },
    });
    await expect(promise).rejects.toBe(failure);
    expect(seen).toHaveLength(2);
    expect(seen.every((signal) => signal.aborted)).toBe(true);
  });

  it('reports a missing project when the list is not found, and passes other list failures through', async () => {
    const list = (failure: Error, projectKey = 'P') =>
      fetchListed({ resourceType: 'dataset', projectKey, listProjectKeys: listP, listNames: () => Promise.reject(failure), fetch: (id) => Promise.resolve(resource(id)) });
    await expect(list(apiError(404), 'NOPE')).rejects.toThrow('project NOPE does not exist in DSS (or this API key cannot see it)');
    for (const status of [401, 403]) {
      await expect(list(apiError(status), 'NOPE')).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND', resourceId: 'project.NOPE' });
      const refused = apiError(status);
      await expect(list(refused)).rejects.toBe(refused);
    }
    const broken = apiError(500);
    await expect(list(broken)).rejects.toBe(broken);
    const projects = apiError(404);
    await expect(fetchListed({ resourceType: 'project', listNames: () => Promise.reject(projects), fetch: (id) => Promise.resolve(resource(id)) })).rejects.toBe(projects);
  });

  it('rejects with the caller abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const promise = fetchListed({
      resourceType: 'dataset',
      projectKey: 'P',
      listProjectKeys: listP,
      signal: controller.signal,
      listNames: () => Promise.resolve(['a']),
      fetch: (_id, signal) => {
        controller.abort(reason);
        return Promise.reject(signal.reason as Error);
      },
    });
    await expect(promise).rejects.toBe(reason);
  });
});

describe('requireProjectKey', () => {
  it('demands a valid project key', () => {
    expect(requireProjectKey('dataset', 'SALES_1')).toBe('SALES_1');
    for (const key of [undefined, '', 'A.B', 'a b']) {
      let error: unknown;
      try {
        requireProjectKey('dataset', key);
      } catch (caught) {
        error = caught;
      }
      expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
    }
    expect(() => requireProjectKey('recipe', undefined)).toThrow('listing recipes requires a project key');
  });
});
