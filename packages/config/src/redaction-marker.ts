/**
 * A value the sync replaced by its keyed hash: `redacted:hmac-sha256:` and 32 hex digits (the
 * markers of `redactSecrets` in `@dataiku-iac/sync-project`).
 */
export const REDACTION_MARKER_PATTERN = /^redacted:hmac-sha256:[0-9a-f]{32}$/;

export function isRedactionMarker(value: unknown): value is string {
  return typeof value === 'string' && REDACTION_MARKER_PATTERN.test(value);
}
