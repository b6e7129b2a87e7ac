import type { JsonObject } from '../json.js';

/** Metadata of a project created without any: the key as label (contract §3.1). */
export function defaultProjectMetadata(projectKey: string): JsonObject {
  return { label: projectKey, tags: [], checklists: { checklists: [] }, custom: { kv: {} } };
}

/** Settings of a new project (contract §3.1; the inner keys beyond these are UNCONFIRMED). */
export function defaultProjectSettings(): JsonObject {
  return {
    settings: {
      codeEnvs: {
        python: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' },
        r: { useBuiltinEnv: true, mode: 'USE_BUILTIN_MODE' },
      },
      container: { containerMode: 'NONE' },
      k8sCluster: { clusterMode: 'INHERIT' },
      cluster: { clusterMode: 'INHERIT' },
    },
    exposedObjects: { objects: [] },
    metrics: {},
    metricsChecks: {},
  };
}

/** Permissions of a new project, without `owner` (the four keys of the Julia tests; values UNCONFIRMED). */
export function defaultProjectPermissions(): JsonObject {
  return {
    permissions: [],
    dashboardAuthorizations: { allAuthorized: false, authorizations: [] },
    additionalDashboardUsers: { users: [] },
  };
}
