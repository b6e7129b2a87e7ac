import { authenticate } from './auth.js';
import { DSS_ERROR_TYPES, DssError, errorTypeForStatus, illegalArgument, notFound, projectPermissionsUnreadable } from './dss-error.js';
import type { FaultInjector, FaultKind } from './faults.js';
import { actionRoutes } from './handlers/action-routes.js';
import { datasetRoutes } from './handlers/dataset-routes.js';
import { instanceRoutes } from './handlers/instance-routes.js';
import { managedFolderRoutes } from './handlers/managed-folder-routes.js';
import { projectDocumentRoutes } from './handlers/project-document-routes.js';
import { projectRoutes } from './handlers/project-routes.js';
import { recipeRoutes } from './handlers/recipe-routes.js';
import { scenarioRoutes } from './handlers/scenario-routes.js';
import type { EmulatorRequest } from './emulator-request.js';
import { bytesReply, dssHeaders, emptyReply, errorReply, jsonReply, type ReplyHeaders, type ResponseReply, textReply } from './responses.js';
import { matchRoute, type RouteContext, type RouteDefinition, type RouteResult, splitBasePath } from './router.js';
import type { RequestStats } from './stats.js';
import type { DssStore } from './store/dss-store.js';
import { type RequestGate, sleep, sleepUntil } from './wait.js';

/** Every route the emulator serves, relative to a base path. */
export const ROUTES: readonly RouteDefinition[] = [
  ...projectRoutes,
  ...projectDocumentRoutes,
  ...datasetRoutes,
  ...recipeRoutes,
  ...scenarioRoutes,
  ...managedFolderRoutes,
  ...actionRoutes,
  ...instanceRoutes,
];

/**
 * How the emulator answers a project-level request for a project it does not have: `not-found`
 * (404 `NotFoundException`, as DSS answers an admin key) or `unauthorized` (401
 * `UnauthorizedException: Failed to read project permissions`, as DSS 14 answers other keys).
 */
export type UnknownProjectsMode = 'not-found' | 'unauthorized';

/**
 * The emulator's answer to one request, independent of the transport. `truncated` and `drop` cannot
 * be expressed as a Fetch `Response`; each transport (msw, node:http) renders them its own way.
 */
export type EmulatorReply =
  | ResponseReply
  | { kind: 'truncated'; status: number; headers: ReplyHeaders; body: Uint8Array; framing: 'content-length' | 'chunked' }
  | { kind: 'drop' };

export interface DispatcherOptions {
  store: DssStore;
  stats: RequestStats;
  faults: FaultInjector;
  gate: RequestGate;
  apiKey: string;
  dssVersion: string;
  latencyMs: () => number;
  unknownProjects: () => UnknownProjectsMode;
}

/** The route key used by the stats: `"<METHOD> <pattern>"`, or `"<METHOD> (unmatched)"`. */
function routeKey(method: string, path: string): string {
  const match = matchRoute(ROUTES, method, path);
  return `${method} ${match.kind === 'matched' ? match.route.pattern : '(unmatched)'}`;
}

const DEFAULT_LARGE_RESPONSE_BYTES = 5 * 1024 * 1024;

/** A valid JSON array of dataset-list-like items, about `bytes` long. */
function largeBody(bytes: number): string {
  const filler = 'x'.repeat(900);
  const items: string[] = [];
  let size = 2;
  for (let index = 0; size < bytes; index += 1) {
    const item = JSON.stringify({
      projectKey: 'LARGE',
      name: `dataset_${String(index).padStart(6, '0')}`,
      type: 'Filesystem',
      tags: [],
      description: filler,
    });
    items.push(item);
    size += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

const HTML_PAGE = (status: number): string =>
  `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head>` +
  `<body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n`;

/** Creates the transport-independent request pipeline shared by the msw handlers and the server. */
/**
 * Answers one request, or `undefined` outside the DSS base paths. The reply is due `latencyMs`
 * after `arrivedAt` (a `performance.now()` time; default: now).
 */
export type Dispatch = (request: EmulatorRequest, arrivedAt?: number) => Promise<EmulatorReply | undefined>;

export function createDispatcher(options: DispatcherOptions): Dispatch {
  const { store, stats, faults, gate, apiKey, dssVersion } = options;

  function render(result: RouteResult): ResponseReply {
    switch (result.kind) {
      case 'json':
        return jsonReply(dssVersion, 200, result.body);
      case 'empty':
        return emptyReply(dssVersion);
      case 'bytes':
        return bytesReply(dssVersion, result.body, result.contentType);
    }
  }

  async function answer(request: EmulatorRequest, path: string): Promise<ResponseReply> {
    try {
      authenticate(request.headers.get('authorization'), apiKey);
      const match = matchRoute(ROUTES, request.method, path);
      if (match.kind === 'bad-encoding') throw match.error;
      if (match.kind === 'not-found') throw notFound(`No API endpoint ${request.method} ${path}`);
      if (match.kind === 'method-not-allowed') {
        return errorReply(
          dssVersion,
          new DssError(405, DSS_ERROR_TYPES.methodNotSupported, `Request method '${request.method}' not supported`),
          { Allow: match.allowed.join(', ') },
        );
      }
      // Before anything else, as DSS checks the project's permissions first.
      const projectKey = match.params.projectKey;
      if (projectKey !== undefined && !store.hasProject(projectKey)) {
        throw options.unknownProjects() === 'unauthorized' ? projectPermissionsUnreadable() : notFound(`Project ${projectKey} does not exist`);
      }
      let body: Promise<unknown> | undefined;
      const context: RouteContext = {
        request,
        params: match.params,
        query: new URL(request.url).searchParams,
        store,
        dssVersion,
        readJson: () => (body ??= readJson(request)),
        recordWrite: (kind, objectId) => {
          stats.recordWrite(kind, objectId);
        },
      };
      return render(await match.handler(context));
    } catch (error) {
      const dssError = DssError.isInstance(error)
        ? error
        : new DssError(500, DSS_ERROR_TYPES.internalError, `Internal error: ${String(error)}`);
      return errorReply(dssVersion, dssError);
    }
  }

  async function applyFault(fault: FaultKind, request: EmulatorRequest, path: string): Promise<EmulatorReply> {
    switch (fault.type) {
      case 'status': {
        const message = fault.message ?? `Injected fault: HTTP ${fault.status}`;
        const error = new DssError(fault.status, fault.errorType ?? errorTypeForStatus(fault.status), message);
        return errorReply(dssVersion, error, fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) });
      }
      case 'html': {
        const status = fault.status ?? 502;
        // Such pages come from a proxy in front of DSS, so they carry no DSS headers.
        return textReply(status, { 'Content-Type': 'text/html;charset=utf-8' }, fault.body ?? HTML_PAGE(status));
      }
      case 'malformed-json': {
        const body = fault.body ?? '{"name": "broken" "type": \'Filesystem\',}';
        return textReply(fault.status ?? 200, dssHeaders(dssVersion), body);
      }
      case 'unexpected-shape':
        return jsonReply(dssVersion, fault.status ?? 200, fault.body === undefined ? { name: 42 } : fault.body);
      case 'large-response': {
        const body = largeBody(fault.bytes ?? DEFAULT_LARGE_RESPONSE_BYTES);
        return textReply(200, dssHeaders(dssVersion), body);
      }
      case 'drop-connection':
        return { kind: 'drop' };
      case 'slow':
        await sleep(fault.delayMs, request.signal);
        return answer(request, path);
      case 'wrong-content-type': {
        const reply = await answer(request, path);
        return { ...reply, headers: { ...reply.headers, 'Content-Type': fault.contentType ?? 'text/plain;charset=utf-8' } };
      }
      case 'truncated-json': {
        const { status, headers, body } = await answer(request, path);
        return { kind: 'truncated', status, headers, body, framing: fault.framing ?? 'content-length' };
      }
    }
  }

  return async function dispatch(request: EmulatorRequest, arrivedAt = performance.now()): Promise<EmulatorReply | undefined> {
    const url = new URL(request.url);
    const split = splitBasePath(url.pathname);
    if (split === undefined) return undefined;
    stats.begin(routeKey(request.method, split.path));
    try {
      await gate.pass(request.signal);
      const fault = faults.take(request.method, split.path);
      const reply = fault === undefined ? await answer(request, split.path) : await applyFault(fault, request, split.path);
      // The latency is the time from arrival to answer, work included, as for a server whose every
      // response takes L: the emulator's own processing must not add to the delay it models.
      await sleepUntil(arrivedAt + options.latencyMs(), request.signal);
      return reply;
    } catch {
      // Only an aborted request gets here (the client went away while waiting): nobody is listening.
      return { kind: 'drop' };
    } finally {
      stats.end();
    }
  };
}

async function readJson(request: EmulatorRequest): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw illegalArgument('Missing JSON request body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw illegalArgument(`Malformed JSON request body: ${(error as Error).message}`);
  }
}
