import { notAuthenticated } from './dss-error.js';

/**
 * Checks the API key (contract §2.2): Basic with the key as username (`key:`), Basic with the key as
 * password (`:key`), or `Bearer key`. Throws a 401 `NotAuthenticatedException` otherwise.
 */
export function authenticate(authorization: string | null, apiKey: string): void {
  if (authorization === null || authorization.trim() === '') throw notAuthenticated('No API key provided');
  const match = /^(\w+)\s+(.+)$/.exec(authorization.trim());
  const scheme = match?.[1]?.toLowerCase();
  const credentials = match?.[2]?.trim() ?? '';
  if (scheme === 'bearer' && credentials === apiKey) return;
  if (scheme === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    if (user === apiKey || password === apiKey) return;
  }
  throw notAuthenticated('Unknown API Key');
}
