import { booleanParam } from '../query.js';
import type { RouteContext, RouteDefinition, RouteResult } from '../router.js';

function getAuthInfo({ store, query }: RouteContext): RouteResult {
  booleanParam(query, 'withSecrets');
  return { body: { authIdentifier: store.login, associatedDSSUser: store.login, groups: ['administrators'] } };
}

function getInstanceInfo({ dssVersion }: RouteContext): RouteResult {
  return { body: { nodeId: 'dss-emulator', nodeName: 'DSS emulator', nodeType: 'DESIGN', dssVersion } };
}

export const instanceRoutes: readonly RouteDefinition[] = [
  { pattern: '/auth/info', methods: { GET: getAuthInfo } },
  { pattern: '/instance-info', methods: { GET: getInstanceInfo } },
];
