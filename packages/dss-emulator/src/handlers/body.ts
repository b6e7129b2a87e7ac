import { illegalArgument } from '../dss-error.js';
import { isJsonObject, type JsonObject } from '../json.js';

/** The body as a JSON object, or a 400 naming what was expected. */
export function requireObject(body: unknown, what: string): JsonObject {
  if (!isJsonObject(body)) throw illegalArgument(`Invalid ${what}: expected a JSON object`);
  return body;
}

/** `{"msg": ...}`, the reply of most DSS mutations (contract §2.7). */
export function message(text: string): { body: { msg: string } } {
  return { body: { msg: text } };
}
