import type { ConfigIssue } from './config-error.js';
import type { SourceLocation } from './configuration.js';
export type KeyPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * A path as users read it: `projects.SALES.datasets.orders.params`, `…inputs[0]`,
 * `projects.P.datasets["has.dot"]` (keys that are not plain words are quoted).
 */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(root)' : text;
}

/** An issue at a location about the key or value at `path`: `path: message`. */
export function issueAtLocation(location: SourceLocation, path: KeyPath, message: string): ConfigIssue {
  const key = formatKeyPath(path);
  return { ...location, ...(path.length === 0 ? {} : { key }), message: `${key}: ${message}` };
}
