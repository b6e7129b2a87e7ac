import { http, HttpResponse, type HttpHandler } from 'msw';
import { type EmulatorReply } from './dispatch.js';
import { splitBasePath } from './router.js';

/** A Response whose body stream fails after the first half, like a connection lost mid-body. */
function truncatedResponse(reply: Extract<EmulatorReply, { kind: 'truncated' }>): Response {
  const half = reply.body.slice(0, Math.floor(reply.body.length / 2));
  let sent = half.length === 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
        return;
      }
      controller.error(new TypeError('terminated: connection closed before the response body was complete'));
    },
  });
  const headers = new Headers(reply.headers);
  if (reply.framing === 'content-length') headers.set('Content-Length', String(reply.body.length));
  return new Response(stream, { status: reply.status, headers });
}

/**
 * One catch-all msw handler for both DSS base paths, on any host. Requests outside the base paths
 * fall through to the next handler (or to `onUnhandledRequest`).
 */
export function createMswHandlers(dispatch: (request: Request) => Promise<EmulatorReply | undefined>): HttpHandler[] {
  return [
    http.all(
      ({ request }) => splitBasePath(new URL(request.url).pathname) !== undefined,
      async ({ request }) => {
        const reply = await dispatch(request);
        if (reply === undefined) return undefined;
        switch (reply.kind) {
          case 'response':
            return reply.response;
          case 'drop':
            return HttpResponse.error();
          case 'truncated':
            return truncatedResponse(reply);
        }
      },
    ),
  ];
}
