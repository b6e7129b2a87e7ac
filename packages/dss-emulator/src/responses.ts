import type { DssError } from './dss-error.js';

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** Response header names as sent, with their values. */
export type ReplyHeaders = Readonly<Record<string, string>>;

/** A complete answer: status, headers and the body bytes. */
export interface ResponseReply {
  readonly kind: 'response';
  readonly status: number;
  readonly headers: ReplyHeaders;
  readonly body: Uint8Array;
}

/** Headers DSS puts on every response (contract §2.4). */
export function dssHeaders(dssVersion: string, contentType = JSON_CONTENT_TYPE): ReplyHeaders {
  return { 'Content-Type': contentType, 'DSS-API-Version': '1', 'DSS-Version': dssVersion };
}

export function textReply(status: number, headers: ReplyHeaders, text: string): ResponseReply {
  return { kind: 'response', status, headers, body: Buffer.from(text, 'utf8') };
}

export function jsonReply(dssVersion: string, status: number, body: unknown, extraHeaders?: ReplyHeaders): ResponseReply {
  return textReply(status, { ...dssHeaders(dssVersion), ...extraHeaders }, JSON.stringify(body));
}

export function errorReply(dssVersion: string, error: DssError, extraHeaders?: ReplyHeaders): ResponseReply {
  return jsonReply(dssVersion, error.status, error.toEnvelope(), extraHeaders);
}

/** 200 with an empty body and no content type: DSS's answer to project PUTs (contract decision 9). */
export function emptyReply(dssVersion: string): ResponseReply {
  const { 'Content-Type': _contentType, ...headers } = dssHeaders(dssVersion);
  return { kind: 'response', status: 200, headers, body: new Uint8Array(0) };
}

export function bytesReply(dssVersion: string, body: Uint8Array, contentType: string): ResponseReply {
  return { kind: 'response', status: 200, headers: dssHeaders(dssVersion, contentType), body };
}
