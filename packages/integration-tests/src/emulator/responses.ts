import { type DssError } from './dss-error.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** Headers DSS puts on every response (contract §2.4). */
export function dssHeaders(dssVersion: string, contentType = JSON_CONTENT_TYPE): Headers {
  return new Headers({ 'Content-Type': contentType, 'DSS-API-Version': '1', 'DSS-Version': dssVersion });
}

export function jsonResponse(dssVersion: string, status: number, body: unknown, extraHeaders?: Record<string, string>): Response {
  const headers = dssHeaders(dssVersion);
  for (const [name, value] of Object.entries(extraHeaders ?? {})) headers.set(name, value);
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorResponse(dssVersion: string, error: DssError, extraHeaders?: Record<string, string>): Response {
  return jsonResponse(dssVersion, error.status, error.toEnvelope(), extraHeaders);
}
