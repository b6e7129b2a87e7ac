import { currentUser, InvalidArgumentError } from '@dataiku-iac/models';

/** TLS: none, encrypted without checking the certificate, or encrypted and verified (chain and host name). */
export type SslMode = 'disable' | 'require' | 'verify-full';

/** Where and how to connect, read from a `postgres://` URL. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** From the URL or PGPASSWORD; undefined lets the driver read ~/.pgpass. */
  readonly password: string | undefined;
  readonly sslMode: SslMode;
  /** The `schema` parameter, when the URL has one. */
  readonly schema: string | undefined;
  readonly connectTimeoutMs: number;
  /** `postgres://user@host:port/database`: the URL without its password or parameters. */
  readonly display: string;
}

const SSL_MODES: readonly string[] = ['disable', 'require', 'verify-full'];
const PARAMETERS: readonly string[] = ['sslmode', 'schema', 'connect_timeout'];
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
const USAGE = 'postgres://user[:password]@host[:port]/database[?sslmode=require&schema=name]';

/** True for a `postgres://` or `postgresql://` URL (how a command line tells it from a file path). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

/**
 * Read a connection URL. Missing parts default as libpq's do: PGUSER (else the OS user), PGHOST
 * (else localhost), PGPORT (else 5432), PGDATABASE (else the user name), PGPASSWORD.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) for anything else than such a URL; the message
 *   never repeats the password
 */
export function parseConnectionUrl(url: string, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  let parsed: URL | undefined;
  try {
    if (isPostgresUrl(url)) parsed = new URL(url);
  } catch {
    // The URL is not repeated: it may hold a password.
  }
  if (parsed === undefined) throw new InvalidArgumentError(`invalid PostgreSQL URL: expected ${USAGE}`);
  const user = firstSet(decode(parsed.username), env.PGUSER) ?? currentUser();
  const host = firstSet(parsed.hostname.replace(/^\[(.*)\]$/, '$1'), env.PGHOST) ?? 'localhost';
  const port = Number(firstSet(parsed.port, env.PGPORT) ?? 5432);
  const database = firstSet(decode(parsed.pathname.replace(/^\//, '')), env.PGDATABASE) ?? user;
  const display = `postgres://${user}@${host.includes(':') ? `[${host}]` : host}:${port}/${database}`;
  const invalid = (reason: string): InvalidArgumentError => new InvalidArgumentError(`invalid PostgreSQL URL ${display}: ${reason}`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(`port ${JSON.stringify(firstSet(parsed.port, env.PGPORT))} is not a port number`);
  if (parsed.hash !== '') throw invalid('it has a "#" part: percent-encode "#", "@", "/" and "?" in the password');
  if (database.includes('/')) throw invalid('the path must be just the database name');
  for (const name of parsed.searchParams.keys()) {
    if (!PARAMETERS.includes(name)) throw invalid(`unsupported parameter ${JSON.stringify(name)} (supported: ${PARAMETERS.join(', ')})`);
  }
  const sslMode = parsed.searchParams.get('sslmode') ?? 'disable';
  if (!SSL_MODES.includes(sslMode)) throw invalid(`sslmode must be ${SSL_MODES.join(', ')}, not ${JSON.stringify(sslMode)}`);
  const timeout = Number(parsed.searchParams.get('connect_timeout') ?? DEFAULT_CONNECT_TIMEOUT_SECONDS);
  if (!Number.isFinite(timeout) || timeout <= 0) throw invalid('connect_timeout must be a number of seconds greater than 0');
  return {
    host,
    port,
    user,
    database,
    password: firstSet(decode(parsed.password), env.PGPASSWORD),
    sslMode: sslMode as SslMode,
    schema: parsed.searchParams.get('schema') ?? undefined,
    connectTimeoutMs: timeout * 1000,
    display,
  };
}

/** The first value that is set and not empty, as libpq reads its settings. */
function firstSet(...values: readonly (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value !== '');
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
