import { http, HttpResponse, type HttpHandler } from 'msw';
import type { DssEmulator } from './create-emulator.js';
import type { EmulatorReply } from './dispatch.js';
import { splitBasePath } from './router.js';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

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
 * The emulator as msw handlers: `setupServer(...mswHandlers(emulator))`. One catch-all handler for
 * both DSS base paths, on any host; requests outside the base paths fall through to the next
 * handler (or to `onUnhandledRequest`).
 */
export function mswHandlers(emulator: DssEmulator): HttpHandler[] {
  return [
    http.all(
      ({ request }) => splitBasePath(new URL(request.url).pathname) !== undefined,
      async ({ request }) => {
        const reply = await emulator.handle(request);
        if (reply === undefined) return undefined;
        switch (reply.kind) {
          case 'response':
            // 204, 205 and 304 answers cannot carry a body, not even an empty one.
            return new Response(NULL_BODY_STATUSES.has(reply.status) ? null : reply.body, { status: reply.status, headers: reply.headers });
          case 'drop':
            return HttpResponse.error();
          case 'truncated':
            return truncatedResponse(reply);
        }
      },
    ),
  ];
}
