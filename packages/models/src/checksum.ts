import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { type JsonObject } from './json.js';

/**
 * SHA-256 (lower-case hex) of the canonical JSON of `attributes`: the same value as Python's
 * `hashlib.sha256(json.dumps(attributes, sort_keys=True).encode()).hexdigest()`.
 */
export function computeChecksum(attributes: JsonObject): string {
  // Canonical JSON is pure ASCII, so latin1 encodes it byte for byte without a UTF-8 pass.
  return createHash('sha256').update(canonicalJson(attributes), 'latin1').digest('hex');
}

export const CHECKSUM_PATTERN = /^[a-f0-9]{64}$/;
