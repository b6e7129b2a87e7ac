import { illegalArgument } from './dss-error.js';

/**
 * A boolean query parameter: `true`/`True`/`false`/`False` (any case), `undefined` when absent.
 * Anything else is a 400, as Spring's binding would answer.
 */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw illegalArgument(`Invalid boolean value '${value}' for parameter ${name}`);
}

/** A list parameter given either repeated (`tags=a&tags=b`) or comma-separated (`tags=a,b`). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}
