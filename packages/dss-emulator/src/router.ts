import { illegalArgument, type DssError } from './dss-error.js';
import type { EmulatorRequest } from './emulator-request.js';
import type { DssStore } from './store/dss-store.js';
import type { WriteKind } from './write-counts.js';

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
  /** Counts a successful write of an object (`dataset.P.d`…) for `stats.writes()`. */
  readonly recordWrite: (kind: WriteKind, objectId: string) => void;
}

/** What a handler answers: a JSON body, an empty body (DSS's project PUTs) or raw bytes (folder files). */
export type RouteResult =
  | { readonly kind: 'json'; readonly body: unknown }
  | { readonly kind: 'empty' }
  | { readonly kind: 'bytes'; readonly body: Uint8Array; readonly contentType: string };

export type RouteHandler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition {
  /**
   * Path relative to the base path. `{name}` matches one segment, a final `{name+}` the rest of the
   * path. A trailing slash marks a collection route, whose slash is required; an object route (no
   * trailing slash) also accepts one extra trailing slash.
   */
  readonly pattern: string;
  readonly methods: Readonly<Partial<Record<string, RouteHandler>>>;
}

export type RouteMatch =
  | { kind: 'matched'; route: RouteDefinition; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: readonly string[] }
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

interface Candidate {
  route: RouteDefinition;
  raw: Record<string, string>;
  /** Literal segments matched: a literal beats a parameter, as in Spring. */
  literals: number;
  /** Matched only by dropping an extra trailing slash. */
  extraSlash: boolean;
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): { raw: Record<string, string>; literals: number } | undefined {
  const raw: Record<string, string> = {};
  let literals = 0;
  for (let index = 0; index < pattern.length; index++) {
    const part = pattern[index] as string;
    if (part.endsWith('+}')) {
      // Always the last part of a pattern: it takes the rest of the path.
      const rest = segments.slice(index).join('/');
      if (rest === '') return undefined;
      raw[part.slice(1, -2)] = rest;
      return { raw, literals };
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      raw[part.slice(1, -1)] = segment;
    } else if (part === segment) {
      literals += 1;
    } else {
      return undefined;
    }
  }
  return pattern.length === segments.length ? { raw, literals } : undefined;
}

/** Each route's pattern split into segments, once: every request is matched against every route. */
const splitPatterns = new WeakMap<RouteDefinition, readonly string[]>();

function patternSegments(route: RouteDefinition): readonly string[] {
  let segments = splitPatterns.get(route);
  if (segments === undefined) {
    segments = route.pattern.split('/');
    splitPatterns.set(route, segments);
  }
  return segments;
}

function candidates(routes: readonly RouteDefinition[], path: string): Candidate[] {
  const segments = path.split('/');
  const found: Candidate[] = [];
  for (const route of routes) {
    const pattern = patternSegments(route);
    const exact = matchSegments(pattern, segments);
    if (exact !== undefined) {
      found.push({ route, ...exact, extraSlash: false });
      continue;
    }
    if (!route.pattern.endsWith('/') && segments.length > 2 && segments.at(-1) === '') {
      const trimmed = matchSegments(pattern, segments.slice(0, -1));
      if (trimmed !== undefined) found.push({ route, ...trimmed, extraSlash: true });
    }
  }
  return found.sort((a, b) => Number(a.extraSlash) - Number(b.extraSlash) || b.literals - a.literals);
}

/**
 * Finds the route of `method` and `path` (raw, still percent-encoded). Matching is segment by
 * segment; among the routes that match, the most specific one serving the method wins (exact over
 * extra slash, then literal over parameter). Parameters are decoded after matching.
 */
export function matchRoute(routes: readonly RouteDefinition[], method: string, path: string): RouteMatch {
  const found = candidates(routes, path);
  for (const candidate of found) {
    const handler = candidate.route.methods[method];
    if (handler === undefined) continue;
    try {
      const params = Object.fromEntries(Object.entries(candidate.raw).map(([name, value]) => [name, decodeURIComponent(value)]));
      return { kind: 'matched', route: candidate.route, handler, params };
    } catch {
      return { kind: 'bad-encoding', error: illegalArgument(`Invalid percent-encoding in path ${path}`) };
    }
  }
  const first = found[0];
  return first === undefined ? { kind: 'not-found' } : { kind: 'method-not-allowed', allowed: Object.keys(first.route.methods) };
}

