import { illegalArgument, type DssError } from './dss-error.js';
import type { EmulatorRequest } from './emulator-request.js';
import type { DssStore } from './store.js';

/** The base paths DSS serves its public API under (contract §2.1). */
export const BASE_PATHS = ['/public/api', '/dip/publicapi'] as const;

export interface RouteContext {
  readonly request: EmulatorRequest;
  /** Path parameters, already percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly store: DssStore;
  /** The `DSS-Version` the emulator announces. */
  readonly dssVersion: string;
  /** The request body parsed as JSON, whatever the Content-Type. 400 if missing or invalid. */
  readonly readJson: () => Promise<unknown>;
}

export interface RouteResult {
  status?: number;
  body: unknown;
}

export type RouteHandler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition {
  /** Path relative to the base path, parameters in braces, trailing slash significant. */
  readonly pattern: string;
  readonly methods: Readonly<Partial<Record<string, RouteHandler>>>;
}

export type RouteMatch =
  | { kind: 'matched'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'bad-encoding'; error: DssError };

/** Splits `/public/api/projects/` into the base path and the API path `/projects/`. */
export function splitBasePath(pathname: string): { basePath: string; path: string } | undefined {
  for (const basePath of BASE_PATHS) {
    if (pathname === basePath || pathname.startsWith(`${basePath}/`)) {
      return { basePath, path: pathname.slice(basePath.length) };
    }
  }
  return undefined;
}

/**
 * Finds the route of `path` (raw, still percent-encoded). Matching is exact, segment by segment, so a
 * trailing slash is significant; parameters match one non-empty segment and are decoded after matching.
 */
export function matchRoute(routes: readonly RouteDefinition[], path: string): RouteMatch {
  const segments = path.split('/');
  for (const route of routes) {
    const patternSegments = route.pattern.split('/');
    if (patternSegments.length !== segments.length) continue;
    const raw: Record<string, string> = {};
    const matches = patternSegments.every((patternSegment, index) => {
      const segment = segments[index] ?? '';
      if (patternSegment.startsWith('{')) {
        raw[patternSegment.slice(1, -1)] = segment;
        return segment !== '';
      }
      return patternSegment === segment;
    });
    if (!matches) continue;
    try {
      const params = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeURIComponent(value)]));
      return { kind: 'matched', route, params };
    } catch {
      return { kind: 'bad-encoding', error: illegalArgument(`Invalid percent-encoding in path ${path}`) };
    }
  }
  return { kind: 'not-found' };
}
