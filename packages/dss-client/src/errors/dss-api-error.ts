import { STATUS_CODES } from 'node:http';
import { DataikuIaCError, hasErrorCode, oneLine } from '@dataiku-iac/models';

export interface DssApiErrorInit {
  readonly method: string;
  /** Request path relative to the host, with the query string (never credentials). */
  readonly path: string;
  readonly status: number;
  readonly errorType?: string | undefined;
  /** The `message` field of the DSS error envelope, or the body text when it is not JSON. */
  readonly dssMessage?: string | undefined;
  readonly detailedMessage?: string | undefined;
  /** Response body, already truncated to at most 2 KB. */
  readonly responseBody: string;
  /** How many attempts were made (more than one when the request was retried). */
  readonly attempts: number;
  /** What to check, shown in parentheses at the end of the message (instead of the 401/403 advice). */
  readonly remedy?: string | undefined;
}

function advice(status: number): string | undefined {
  if (status === 401) return 'check DATAIKU_API_KEY or the apiKey option: DSS did not accept the API key';
  if (status === 403) return 'the API key lacks a permission for this call; reading project metadata may need ADMIN on the project';
  return undefined;
}

function shortType(errorType: string): string {
  return errorType.slice(errorType.lastIndexOf('.') + 1);
}

/**
 * DSS answered with a non-2xx status. Only `isNotFound(error)` means "the object does not exist";
 * every other status (401, 403, 5xx…) is a failure.
 */
export class DssApiError extends DataikuIaCError {
  override readonly name = 'DssApiError';
  readonly status: number;
  readonly errorType: string | undefined;
  readonly dssMessage: string | undefined;
  readonly detailedMessage: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly responseBody: string;
  readonly attempts: number;

  constructor(init: DssApiErrorInit) {
    const statusText = STATUS_CODES[init.status] ?? 'Unknown Status';
    const after = init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
    const text = init.detailedMessage ?? init.dssMessage ?? '';
    const detail = init.errorType === undefined ? text : text === '' ? shortType(init.errorType) : `${shortType(init.errorType)}: ${text}`;
    const suffix = detail === '' ? '' : `: ${oneLine(detail, 300)}`;
    const remedy = init.remedy ?? advice(init.status);
    super('DSS_HTTP', `${init.method} ${init.path} failed with ${init.status} ${statusText}${after}${suffix}${remedy === undefined ? '' : ` (${remedy})`}`);
    this.status = init.status;
    this.errorType = init.errorType;
    this.dssMessage = init.dssMessage;
    this.detailedMessage = init.detailedMessage;
    this.method = init.method;
    this.path = init.path;
    this.responseBody = init.responseBody;
    this.attempts = init.attempts;
  }

  /** True for a `DssApiError` from any copy of this package. */
  static override isInstance(error: unknown): error is DssApiError {
    return hasErrorCode(error, 'DSS_HTTP') && typeof (error as { status?: unknown }).status === 'number';
  }
}

/**
 * True only when DSS said "not found": HTTP 404, or an `errorType` ending in `NotFoundException`
 * (contract decision 4). 401 and 403 are never "not found", and neither is a 500 whose message
 * says "does not exist".
 */
export function isNotFound(error: unknown): boolean {
  if (!DssApiError.isInstance(error)) return false;
  if (error.status === 404) return true;
  if (error.status === 401 || error.status === 403) return false;
  return error.errorType?.endsWith('NotFoundException') ?? false;
}
