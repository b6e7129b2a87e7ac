import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/create-emulator.js';
import { ROUTES } from '../src/dispatch.js';
import { NOT_FOUND, UNAUTHORIZED, useTestServer } from './helpers.js';

const test = useTestServer();
const { call } = test;

/** Every method of every route under /projects/{projectKey}, with the unknown project and dummy names. */
const PROJECT_LEVEL = ROUTES.filter((route) => route.pattern.includes('{projectKey}')).flatMap((route) =>
  Object.keys(route.methods).map((method) => {
    const path = route.pattern
      .replace('{projectKey}', 'NO_SUCH_PROJECT')
      .replace(/\{\w+\+\}/, 'a/b.txt')
      .replace(/\{\w+\}/g, 'x');
    return [method, path] as const;
  }),
);

describe('a project that does not exist', () => {
  it('is reached through at least 40 project-level routes', () => {
    expect(PROJECT_LEVEL.length).toBeGreaterThanOrEqual(40);
  });

  it.each(PROJECT_LEVEL)('is 404 NotFoundException by default: %s %s', async (method, path) => {
    const response = await call(method, path, method === 'GET' ? {} : { body: {} });
    expect(response.status).toBe(404);
    const message = 'Project NO_SUCH_PROJECT does not exist';
    expect(response.json).toEqual({ errorType: NOT_FOUND, message, detailedMessage: message });
  });

  it.each(PROJECT_LEVEL)('is 401 UnauthorizedException in unauthorized mode, as DSS answers a non-admin key: %s %s', async (method, path) => {
    test.emulator.unknownProjects = 'unauthorized';
    const response = await call(method, path, method === 'GET' ? {} : { body: {} });
    expect(response.status).toBe(401);
    const message = 'Failed to read project permissions';
    expect(response.json).toEqual({ errorType: UNAUTHORIZED, message, detailedMessage: message });
  });

  it('leaves existing projects, their unknown objects and the project list alone in unauthorized mode', async () => {
    test.emulator.unknownProjects = 'unauthorized';
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/metadata')).status).toBe(200);
    expect((await call('GET', '/projects/CUSTOMER_ANALYTICS/datasets/nope')).status).toBe(404);
    expect(((await call('GET', '/projects/')).json as unknown[]).length).toBe(3);
    expect((await call('POST', '/projects/', { body: { projectKey: 'NEW', name: 'New' } })).status).toBe(200);
    expect((await call('GET', '/projects/NEW/metadata')).status).toBe(200);
  });

  it('takes the mode as an option, and refuses an unknown mode', () => {
    expect(createEmulator({ unknownProjects: 'unauthorized' }).unknownProjects).toBe('unauthorized');
    expect(() => createEmulator({ unknownProjects: 'forbidden' as 'unauthorized' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: "unknown projects mode 'forbidden': expected not-found or unauthorized" }),
    );
    expect(() => {
      test.emulator.unknownProjects = 'nope' as 'not-found';
    }).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(test.emulator.unknownProjects).toBe('not-found');
  });
});
