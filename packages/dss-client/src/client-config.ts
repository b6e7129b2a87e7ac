import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { TlsSettings } from './buffered-fetch.js';
import { DssConfigError } from './errors/dss-config-error.js';

/** Requests in flight at most by default: like Terraform's `-parallelism`, and gentle on a shared DSS. */
export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRIES = 4;
export const DEFAULT_RETRY_DELAY_MS = 500;
export const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_BASE_PATH = '/public/api';

/** One HTTP attempt, reported to `onRequest` (for `--verbose` logs). Never contains the API key. */
export interface DssRequestEvent {
  readonly method: string;
  /** Path relative to the host, with the query string. */
  readonly path: string;
  /** Absent when no response arrived (network error, timeout). */
  readonly status?: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly durationMs: number;
  /** One-line description of what failed, when the attempt failed. */
  readonly error?: string;
  /** Set when the request will be retried: the delay before the next attempt. */
  readonly retryInMs?: number;
}

export interface DssClientOptions {
  /** DSS URL, e.g. `https://dss.example.com:11200`; else env `DATAIKU_HOST`. An explicit option wins. */
  readonly host?: string | undefined;
  /** Else env `DATAIKU_API_KEY`. */
  readonly apiKey?: string | undefined;
  /** Default `/public/api`; `/dip/publicapi` is equivalent. */
  readonly basePath?: string | undefined;
  /** Most attempts in flight at once for this client (default 10, at least 1). */
  readonly concurrency?: number | undefined;
  /** Per attempt, including reading the body (default 60 000). */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt (default 4, so up to 5 attempts). */
  readonly retries?: number | undefined;
  /** Base backoff delay (default 500): exponential with full jitter. */
  readonly retryDelayMs?: number | undefined;
  /** Cap on any delay between attempts, `Retry-After` included (default 30 000). */
  readonly maxRetryDelayMs?: number | undefined;
  /** Skip TLS certificate verification. */
  readonly insecure?: boolean | undefined;
  /** A PEM CA bundle to trust in addition to Node's default CAs. */
  readonly caFile?: string | undefined;
  /** Largest response body accepted (default 64 MiB). */
  readonly maxResponseBytes?: number | undefined;
  /** Environment to read `DATAIKU_HOST` and `DATAIKU_API_KEY` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Called after every attempt. Exceptions it throws are ignored. */
  readonly onRequest?: ((event: DssRequestEvent) => void) | undefined;
}

export interface ResolvedConfig {
  readonly host: string;
  readonly prefixUrl: string;
  readonly basePath: string;
  readonly apiKey: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly maxResponseBytes: number;
  readonly tls: TlsSettings | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Remove `user:password@` so that nothing secret is echoed in a message. */
function withoutUserinfo(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//');
}

const HOST_EXAMPLE = 'e.g. https://dss.example.com:11200';

/** A bad host; `problem` names the fix itself when `withExample` is false. */
function hostError(problem: string, withExample = true): DssConfigError {
  return new DssConfigError({
    message: withExample ? `DSS host ${problem}: set DATAIKU_HOST or the host option to ${HOST_EXAMPLE}` : `DSS host ${problem}`,
    option: 'host',
    envVariable: 'DATAIKU_HOST',
    problem: withExample ? `${problem} (${HOST_EXAMPLE})` : problem,
  });
}

function normaliseHost(raw: string): string {
  const shown = JSON.stringify(withoutUserinfo(raw));
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) && /^[\w.-]+(:\d+)?(\/.*)?$/.test(raw.trim())) {
    throw hostError(`${shown} has no scheme: write https://${withoutUserinfo(raw.trim())} (or http:// if DSS serves plain HTTP)`, false);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw hostError(`${shown} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw hostError(`${shown} must start with http:// or https://`);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/(public\/api|dip\/publicapi)$/.test(path)) {
    throw hostError(`${shown} ends with the API path: give the DSS address alone, ${url.origin}${path.replace(/\/(public\/api|dip\/publicapi)$/, '')}`, false);
  }
  return `${url.origin}${path}`;
}

function normaliseBasePath(raw: string): string {
  const trimmed = raw.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

type NumericOption = 'concurrency' | 'timeoutMs' | 'retries' | 'retryDelayMs' | 'maxRetryDelayMs' | 'maxResponseBytes';

/** The longest timeout ky accepts (a 32-bit timer). */
const MAX_TIMER_MS = 2_147_483_647;

function checkNumber(option: NumericOption, value: number, min: number, integer: boolean, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const bound = value > max ? `<= ${max}` : `>= ${min}`;
    const problem = `must be ${integer ? 'an integer' : 'a number'} ${bound}, got ${value}`;
    throw new DssConfigError({ message: `option ${option} ${problem}`, option, problem });
  }
  return value;
}

function tlsSettings(options: DssClientOptions): TlsSettings | undefined {
  const insecure = options.insecure === true;
  if (!insecure && options.caFile === undefined) return undefined;
  let ca: string | undefined;
  if (options.caFile !== undefined) {
    try {
      ca = readFileSync(options.caFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = typeof code === 'string' ? code : 'unreadable';
      throw new DssConfigError({
        message: `cannot read caFile ${options.caFile}: ${reason}`,
        option: 'caFile',
        problem: `cannot read ${options.caFile}: ${reason}`,
      });
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      const problem = `${options.caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
      throw new DssConfigError({ message: `caFile ${problem}`, option: 'caFile', problem });
    }
  }
  return { ...(ca === undefined ? {} : { ca: [...defaultCertificates(), ca] }), rejectUnauthorized: !insecure };
}

/**
 * The CAs Node trusts by default: a `ca` option replaces them, so they are passed along for
 * `caFile` to add to them. Node reads `NODE_EXTRA_CA_CERTS` once at start-up (and only warns when
 * it cannot): so do we.
 */
function defaultCertificates(): string[] {
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  if (extraFile === undefined || extraFile === '') return [...rootCertificates];
  try {
    return [...rootCertificates, readFileSync(extraFile, 'utf8')];
  } catch {
    return [...rootCertificates];
  }
}

/** @throws DssConfigError (CONFIG_INVALID) */
export function resolveConfig(options: DssClientOptions): ResolvedConfig {
  const env = options.env ?? process.env;
  const rawHost = nonEmpty(options.host) ?? nonEmpty(env.DATAIKU_HOST);
  if (rawHost === undefined) {
    throw new DssConfigError({
      message: `DSS host is not set: set DATAIKU_HOST or pass the host option (${HOST_EXAMPLE})`,
      option: 'host',
      envVariable: 'DATAIKU_HOST',
      problem: `is not set (${HOST_EXAMPLE})`,
    });
  }
  const host = normaliseHost(rawHost);
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env.DATAIKU_API_KEY);
  if (apiKey === undefined) {
    throw new DssConfigError({
      message: 'DSS API key is not set: set DATAIKU_API_KEY or pass the apiKey option',
      option: 'apiKey',
      envVariable: 'DATAIKU_API_KEY',
      problem: 'is not set',
    });
  }
  const basePath = normaliseBasePath(options.basePath ?? DEFAULT_BASE_PATH);
  const config = {
    host,
    basePath,
    prefixUrl: `${host}${basePath}/`,
    apiKey,
    concurrency: checkNumber('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY, 1, true),
    timeoutMs: checkNumber('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, false, MAX_TIMER_MS),
    retries: checkNumber('retries', options.retries ?? DEFAULT_RETRIES, 0, true),
    retryDelayMs: checkNumber('retryDelayMs', options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS, 0, false),
    maxRetryDelayMs: checkNumber('maxRetryDelayMs', options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS, 0, false),
    maxResponseBytes: checkNumber('maxResponseBytes', options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, 1, true),
  };
  return { ...config, tls: tlsSettings(options) };
}
