/** Substrings that make a key credential-like, checked on the key lower-cased without `_ - .` and spaces. */
const CREDENTIAL_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'apikey',
  'accesskey',
  'privatekey',
  'secretkey',
  'credential',
  'authorization',
  'connectionstring',
  'sastoken',
] as const;

/** Words that make a count rather than a secret when they precede `token(s)`: `maxTokens`, `numTokens`. */
const COUNT_WORDS = new Set(['max', 'min', 'num', 'number', 'count', 'total', 'limit']);

/** Split `accessToken`, `refresh_token`, `APIToken`, `db.pwd` into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * True for keys whose values are secrets (case-insensitive):
 *
 * - the key, lower-cased without `_`, `-`, `.` and spaces, contains one of: password, passwd,
 *   passphrase, secret, apikey, accesskey, privatekey, secretkey, credential, authorization,
 *   connectionstring, sastoken;
 * - or one of its words (split at camelCase boundaries and separators) is `pwd`;
 * - or its last word is `token` or `tokens` (`accessToken`, `refresh_token`, `apiTokens`), unless an
 *   earlier word is a count word (max, min, num, number, count, total, limit): `maxTokens` is a count.
 *   `tokenizer`, `tokenUrl` and `tokenCount` do not match.
 */
export function isCredentialKey(key: string): boolean {
  let known = verdicts.get(key);
  if (known === undefined) {
    known = classify(key);
    // DSS objects repeat the same few hundred keys; the cache stays small.
    if (verdicts.size < MAX_CACHED_KEYS) verdicts.set(key, known);
  }
  return known;
}

const MAX_CACHED_KEYS = 10_000;
const verdicts = new Map<string, boolean>();

function classify(key: string): boolean {
  const squashed = key.toLowerCase().replace(/[_\-.\s]/g, '');
  if (CREDENTIAL_FRAGMENTS.some((fragment) => squashed.includes(fragment))) return true;
  const words = keyWords(key);
  if (words.includes('pwd')) return true;
  const last = words.at(-1);
  if (last !== 'token' && last !== 'tokens') return false;
  return !words.slice(0, -1).some((word) => COUNT_WORDS.has(word));
}
