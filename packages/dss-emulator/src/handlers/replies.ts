import type { RouteResult } from '../router.js';

/** A 200 JSON reply. */
export function json(body: unknown): RouteResult {
  return { kind: 'json', body };
}

/** `{"msg": ...}`, the reply of dataset, recipe and scenario writes (contract §2.7). */
export function message(text: string): RouteResult {
  return json({ msg: text });
}

/** 200 with an empty body: the reply of project PUTs (contract decision 9). */
export function empty(): RouteResult {
  return { kind: 'empty' };
}

/** Raw bytes (a managed folder file). */
export function bytes(body: Uint8Array, contentType: string): RouteResult {
  return { kind: 'bytes', body, contentType };
}
