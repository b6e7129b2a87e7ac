import { illegalArgument } from '../dss-error.js';
import { isJsonObject, type JsonObject } from '../json.js';

/** The body as a JSON object, or a 400 naming what was expected. */
export function requireObject(body: unknown, what: string): JsonObject {
  if (!isJsonObject(body)) throw illegalArgument(`Invalid ${what}: expected a JSON object`);
  return body;
}

/** A string field of a body, `undefined` when absent or null, 400 when of another type. */
export function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw illegalArgument(`Invalid ${field}: expected a string`);
  return value;
}

/** A non-empty string field of a body, 400 when missing. */
export function requireString(body: JsonObject, field: string, what: string): string {
  const value = optionalString(body, field);
  if (value === undefined || value === '') throw illegalArgument(`Missing ${field} in ${what}`);
  return value;
}
