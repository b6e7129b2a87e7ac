import { authenticate } from './auth.js';
import { DSS_ERROR_TYPES, DssError, errorTypeForStatus, illegalArgument, notFound } from './dss-error.js';
import { type FaultInjector, type FaultKind } from './faults.js';
import { datasetRoutes } from './handlers/dataset-routes.js';
import { instanceRoutes } from './handlers/instance-routes.js';
import { projectRoutes } from './handlers/project-routes.js';
import { recipeRoutes } from './handlers/recipe-routes.js';
import { dssHeaders, errorResponse, jsonResponse } from './responses.js';
import { matchRoute, type RouteContext, type RouteDefinition, splitBasePath } from './router.js';
import { type RequestStats } from './stats.js';
import { type DssStore } from './store.js';
import { type RequestGate, sleep } from './wait.js';

/** Every route the emulator serves, relative to a base path. */
export const ROUTES: readonly RouteDefinition[] = [...projectRoutes, ...datasetRoutes, ...recipeRoutes, ...instanceRoutes];

/**
 * The emulator's answer to one request, independent of the transport. `truncated` and `drop` cannot
 * be expressed as a Fetch `Response`; each transport (msw, node:http) renders them its own way.
 */
export type EmulatorReply =
  | { kind: 'response'; response: Response }
  | { kind: 'truncated'; status: number; headers: Headers; body: Uint8Array; framing: 'content-length' | 'chunked' }
  | { kind: 'drop' };

export interface DispatcherOptions {
  store: DssStore;
  stats: RequestStats;
  faults: FaultInjector;
  gate: RequestGate;
  apiKey: string;
  dssVersion: string;
  latencyMs: () => number;
}

/** The route key used by the stats: `"<METHOD> <pattern>"`, or `"<METHOD> (unmatched)"`. */
function routeKey(method: string, path: string): string {
  const match = matchRoute(ROUTES, path);
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
export function createDispatcher(options: DispatcherOptions): (request: Request) => Promise<EmulatorReply | undefined> {
  const { store, stats, faults, gate, apiKey, dssVersion } = options;

  async function answer(request: Request, path: string): Promise<Response> {
    try {
      authenticate(request.headers.get('authorization'), apiKey);
      const match = matchRoute(ROUTES, path);
      if (match.kind === 'bad-encoding') throw match.error;
      if (match.kind === 'not-found') throw notFound(`No API endpoint ${request.method} ${path}`);
      const handler = match.route.methods[request.method];
      if (handler === undefined) {
        const allowed = Object.keys(match.route.methods).join(', ');
        return errorResponse(
          dssVersion,
          new DssError(405, DSS_ERROR_TYPES.methodNotSupported, `Request method '${request.method}' not supported`),
          { Allow: allowed },
        );
      }
      let body: Promise<unknown> | undefined;
      const context: RouteContext = {
        request,
        params: match.params,
        query: new URL(request.url).searchParams,
        store,
        dssVersion,
        readJson: () => (body ??= readJson(request)),
      };
      const result = await handler(context);
      return jsonResponse(dssVersion, result.status ?? 200, result.body);
    } catch (error) {
      const dssError = DssError.isInstance(error)
        ? error
        : new DssError(500, DSS_ERROR_TYPES.internalError, `Internal error: ${String(error)}`);
      return errorResponse(dssVersion, dssError);
    }
  }

  async function applyFault(fault: FaultKind, request: Request, path: string): Promise<EmulatorReply> {
    switch (fault.type) {
      case 'status': {
        const message = fault.message ?? `Injected fault: HTTP ${fault.status}`;
        const error = new DssError(fault.status, fault.errorType ?? errorTypeForStatus(fault.status), message);
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
        return { kind: 'response', response: errorResponse(dssVersion, error, headers) };
      }
      case 'html': {
        const status = fault.status ?? 502;
        // Such pages come from a proxy in front of DSS, so they carry no DSS headers.
        const headers = new Headers({ 'Content-Type': 'text/html;charset=utf-8' });
        return { kind: 'response', response: new Response(fault.body ?? HTML_PAGE(status), { status, headers }) };
      }
      case 'malformed-json': {
        const body = fault.body ?? '{"name": "broken" "type": \'Filesystem\',}';
        return { kind: 'response', response: new Response(body, { status: fault.status ?? 200, headers: dssHeaders(dssVersion) }) };
      }
      case 'unexpected-shape':
        return { kind: 'response', response: jsonResponse(dssVersion, fault.status ?? 200, fault.body === undefined ? { name: 42 } : fault.body) };
      case 'large-response': {
        const body = largeBody(fault.bytes ?? DEFAULT_LARGE_RESPONSE_BYTES);
        return { kind: 'response', response: new Response(body, { status: 200, headers: dssHeaders(dssVersion) }) };
      }
      case 'drop-connection':
        return { kind: 'drop' };
      case 'slow':
        await sleep(fault.delayMs, request.signal);
        return { kind: 'response', response: await answer(request, path) };
      case 'wrong-content-type': {
        const response = await answer(request, path);
        const headers = new Headers(response.headers);
        headers.set('Content-Type', fault.contentType ?? 'text/plain;charset=utf-8');
        return { kind: 'response', response: new Response(await response.text(), { status: response.status, headers }) };
      }
      case 'truncated-json': {
        const response = await answer(request, path);
        const body = new Uint8Array(await response.arrayBuffer());
        return {
          kind: 'truncated',
          status: response.status,
          headers: response.headers,
          body,
          framing: fault.framing ?? 'content-length',
        };
      }
    }
  }

  return async function dispatch(request: Request): Promise<EmulatorReply | undefined> {
    const url = new URL(request.url);
    const split = splitBasePath(url.pathname);
    if (split === undefined) return undefined;
    stats.begin(routeKey(request.method, split.path));
    try {
      await sleep(options.latencyMs(), request.signal);
      await gate.pass(request.signal);
      const fault = faults.take(request.method, split.path);
      if (fault !== undefined) return await applyFault(fault, request, split.path);
      return { kind: 'response', response: await answer(request, split.path) };
    } catch {
      // Only an aborted request gets here (the client went away while waiting): nobody is listening.
      return { kind: 'drop' };
    } finally {
      stats.end();
    }
  };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw illegalArgument('Missing JSON request body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw illegalArgument(`Malformed JSON request body: ${(error as Error).message}`);
  }
}
