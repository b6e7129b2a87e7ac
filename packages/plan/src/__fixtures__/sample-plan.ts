import type { Plan } from '../plan-types.js';

/** A plan with one action of each kind. */
export function samplePlan(): Plan {
  return {
    formatVersion: 1,
    toolVersion: '0.2.0',
    createdAt: '2026-12-01T10:00:00.000+00:00',
    environment: 'dev',
    refreshed: true,
    state: { lineage: '0b7c1c3e-0000-4000-8000-000000000000', serial: 3, resourcesDigest: 'ab'.repeat(32) },
    configuration: { source: 'dataiku.yaml', digest: 'cd'.repeat(32), codeFiles: ['recipes/clean.py'] },
    projectKeys: ['P'],
    allowDestroyProject: false,
    actions: [
      {
        resourceId: 'dataset.P.customers',
        resourceType: 'dataset',
        action: 'create',
        changes: [
          { path: 'type', op: 'add', new: 'PostgreSQL' },
          { path: 'params', op: 'add', new: { connection: 'pg', password: '(sensitive value)' } },
        ],
        desired: { type: 'PostgreSQL', params: { connection: 'pg', password: '${env:PG_PASSWORD}' } },
        secrets: [{ path: ['params', 'password'], variable: 'PG_PASSWORD', marker: 'redacted:hmac-sha256:0123456789abcdef0123456789abcdef' }],
        fingerprint: null,
        after: [],
      },
      {
        resourceId: 'recipe.P.clean',
        resourceType: 'recipe',
        action: 'update',
        changes: [{ path: 'payload', op: 'replace', old: 'import dataiku\nx = 1\n', new: 'import dataiku\nx = 2\n' }],
        desired: { type: 'python', payload: 'import dataiku\nx = 2\n' },
        secrets: [],
        fingerprint: 'ef'.repeat(32),
        after: ['dataset.P.customers'],
      },
      {
        resourceId: 'dataset.P.raw',
        resourceType: 'dataset',
        action: 'replace',
        reason: 'type changes from "Filesystem" to "S3"',
        changes: [{ path: 'type', op: 'replace', old: 'Filesystem', new: 'S3' }],
        desired: { type: 'S3' },
        secrets: [],
        fingerprint: '12'.repeat(32),
        after: [],
      },
      { resourceId: 'recipe.P.old', resourceType: 'recipe', action: 'delete', changes: [], secrets: [], fingerprint: '34'.repeat(32), after: [] },
    ],
    summary: { add: 1, change: 1, replace: 1, destroy: 1, unchanged: 4, unmanaged: 2 },
  };
}
