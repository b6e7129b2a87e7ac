import type { DssRequestEvent } from '@dataiku-iac/dss-client';

/** One `--verbose` line for an HTTP attempt: `GET /public/api/projects/ 200 12ms (attempt 2), retrying in 500ms`. */
export function describeRequest(event: DssRequestEvent): string {
  // A failed 2xx (a cut-off or unusable body) needs its reason; an error status speaks for itself.
  const outcome =
    event.status === undefined ? (event.error ?? 'failed') : event.status < 300 && event.error !== undefined ? `${event.status} (${event.error})` : String(event.status);
  const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
  const retry = event.retryInMs === undefined ? '' : `, retrying in ${Math.round(event.retryInMs)}ms`;
  return `${event.method} ${event.path} ${outcome} ${Math.round(event.durationMs)}ms${attempt}${retry}`;
}
