import type { JsonValue } from '@dataiku-iac/models';
import type { SecretReference } from './configuration.js';
import type { KeyPath } from './key-path.js';

/** `${env:NAME}`: NAME is letters, digits and `_`, not starting with a digit. */
const SECRET_REFERENCE_PATTERN = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const MARKER = '${env:';
const LEADING_REFERENCE = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}/;

/** `${env:NAME}` for a variable name. */
export function secretReferenceText(variable: string): string {
  return `\${env:${variable}}`;
}

export type SecretScan =
  | { readonly kind: 'reference'; readonly path: KeyPath; readonly variable: string }
  | { readonly kind: 'problem'; readonly path: KeyPath; readonly message: string };

/**
 * Every string under `value` that holds `${env:`: a whole `${env:NAME}` is a reference; anything
 * else is a problem (never quoting the string, which may hold a secret written in clear).
 */
export function scanSecrets(value: JsonValue, path: KeyPath, found: SecretScan[] = []): SecretScan[] {
  if (typeof value === 'string') {
    if (!value.includes(MARKER)) return found;
    const match = SECRET_REFERENCE_PATTERN.exec(value);
    if (match !== null) found.push({ kind: 'reference', path, variable: match[1] as string });
    else if (LEADING_REFERENCE.test(value) || !value.startsWith(MARKER)) {
      found.push({ kind: 'problem', path, message: 'a secret reference must be the whole value: "${env:NAME}"' });
    } else {
      found.push({ kind: 'problem', path, message: 'malformed secret reference (expected ${env:NAME}, NAME made of letters, digits and "_", not starting with a digit)' });
    }
  } else if (Array.isArray(value)) {
    (value as readonly JsonValue[]).forEach((item, index) => scanSecrets(item, [...path, index], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) scanSecrets(child, [...path, key], found);
  }
  return found;
}

/**
 * A reference with its resolved value. The value is not enumerable, so `JSON.stringify`,
 * `structuredClone`, spreading and `util.inspect` leave it out; read it as `reference.value`.
 */
export function createSecretReference(path: KeyPath, variable: string, value: string): SecretReference {
  const reference = { path: Object.freeze([...path]), variable };
  Object.defineProperty(reference, 'value', { value, enumerable: false });
  return Object.freeze(reference) as SecretReference;
}
