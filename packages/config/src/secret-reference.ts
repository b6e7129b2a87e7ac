import type { JsonObject, JsonValue } from '@dataiku-iac/models';
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
  scanInto(value, [...path], found);
  return found;
}

/**
 * `scanSecrets` with one path that grows and shrinks as it walks, copied only for what it finds.
 * Runs over every declared value: no entry pairs or copies on the way, only each object's key list.
 */
function scanInto(value: JsonValue, path: (string | number)[], found: SecretScan[]): void {
  if (typeof value === 'string') {
    if (value.includes(MARKER)) found.push(classify(value, [...path]));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) visit(value[index] as JsonValue, index, path, found);
    return;
  }
  const object = value as JsonObject;
  for (const key of Object.keys(object)) visit(object[key] as JsonValue, key, path, found);
}

function visit(child: JsonValue, key: string | number, path: (string | number)[], found: SecretScan[]): void {
  if (typeof child !== 'string' && (typeof child !== 'object' || child === null)) return;
  path.push(key);
  scanInto(child, path, found);
  path.pop();
}

function classify(value: string, path: KeyPath): SecretScan {
  const match = SECRET_REFERENCE_PATTERN.exec(value);
  if (match !== null) return { kind: 'reference', path, variable: match[1] as string };
  if (LEADING_REFERENCE.test(value) || !value.startsWith(MARKER)) return { kind: 'problem', path, message: 'a secret reference must be the whole value: "${env:NAME}"' };
  return { kind: 'problem', path, message: 'malformed secret reference (expected ${env:NAME}, NAME made of letters, digits and "_", not starting with a digit)' };
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
