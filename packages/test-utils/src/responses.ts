import { HttpResponse } from 'msw';

/** Exact responses for protocol tests (the emulator answers everything else). */

export const NOT_FOUND_TYPE = 'com.dataiku.dip.server.controllers.NotFoundException';

/** A 200 JSON answer whose connection breaks after `text`, part of the body (a dropped connection mid-response). */
export function cutOffJson(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      // Later, or the stream drops what it holds and nothing of the response goes out.
      setTimeout(() => {
        controller.error(new Error('socket hang up'));
      }, 5);
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'application/json' } });
}

/** The DSS JSON error envelope (contract §2.6). */
export function dssError(status: number, errorType: string, message: string): Response {
  return HttpResponse.json({ errorType, message, detailedMessage: message }, { status });
}

export function notFound(what: string): Response {
  return dssError(404, NOT_FOUND_TYPE, `${what} does not exist`);
}
