import { createHash } from 'node:crypto';
import { canonicalBytes } from './canonical-json.js';
import type { JsonObject } from './json.js';

/**
 * SHA-256 (lower-case hex) of the canonical JSON of `attributes`: the same value as Python's
 * `hashlib.sha256(json.dumps(attributes, sort_keys=True).encode()).hexdigest()`.
 */
export function computeChecksum(attributes: JsonObject): string {
  return createHash('sha256').update(canonicalBytes(attributes)).digest('hex');
}

export const CHECKSUM_PATTERN = /^[a-f0-9]{64}$/;
