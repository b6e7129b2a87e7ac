import { oneLine } from '@dataiku-iac/models';
import type { ConnectionSettings } from './connection-settings.js';
import { BackendUnavailableError } from './errors/backend-unavailable-error.js';

/** SQLSTATEs and driver messages that mean the session is gone or never began. */
const LOST_SESSION_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '08P01']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const TLS_CODE = /^(?:ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/;

interface ErrorFields {
  readonly code: string | undefined;
  readonly message: string;
}

/**
 * A one-line `BackendUnavailableError` with a hint when `error` means the database cannot be used
 * (network, login, database, TLS, lost session); undefined for any other error. `lostHint` says
 * what became of the operation when the session was lost in the middle of it.
 */
export function connectionFailure(error: unknown, settings: ConnectionSettings, location: string, lostHint: string): BackendUnavailableError | undefined {
  const { code, message } = fieldsOf(error);
  const described = describe(code, message, settings, lostHint);
  if (described === undefined) return undefined;
  return new BackendUnavailableError(location, described.reason, { hint: described.hint, cause: error });
}

/** True when `error` means the session to the server is gone (so is any lock it held). */
export function isLostSession(error: unknown): boolean {
  return isLost(fieldsOf(error));
}

function isLost({ code, message }: ErrorFields): boolean {
  return (code !== undefined && (LOST_SESSION_STATES.has(code) || NETWORK_CODES.has(code))) || /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

function describe(code: string | undefined, message: string, settings: ConnectionSettings, lostHint: string): { reason: string; hint: string } | undefined {
  const address = `${settings.host}:${settings.port}`;
  const serverMessage = oneLine(message);
  switch (code) {
    case '28P01':
      return { reason: `login refused for user "${settings.user}": wrong password`, hint: 'check the password in the URL, in PGPASSWORD or in ~/.pgpass' };
    case '28000':
      if (message.includes('no encryption')) {
        return { reason: 'the server accepts only encrypted connections (TLS)', hint: 'add sslmode=require (or sslmode=verify-full) to the URL' };
      }
      return { reason: `the server refused the connection: ${serverMessage}`, hint: 'ask the database administrator to allow this user and host (pg_hba.conf)' };
    case '3D000':
      return { reason: `database "${settings.database}" does not exist`, hint: `create it (CREATE DATABASE ${settings.database} OWNER ${settings.user}) or correct the URL` };
    case '53300':
      return { reason: `the server has no connection slot left: ${serverMessage}`, hint: 'retry later, or ask the database administrator to raise max_connections' };
    case 'ECONNREFUSED':
      return { reason: `cannot connect to ${address}: connection refused`, hint: 'check that PostgreSQL runs there and listens on that port' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: `unknown host ${settings.host}`, hint: 'check the host name in the URL' };
  }
  if (code !== undefined && NETWORK_CODES.has(code) && !['ECONNRESET', 'EPIPE'].includes(code)) {
    return { reason: `cannot reach ${address} (${code})`, hint: 'check the host and port in the URL, and the network between here and the server' };
  }
  if (/does not support SSL/i.test(message)) {
    return { reason: 'the server does not accept encrypted connections (TLS)', hint: 'remove sslmode from the URL, or enable ssl on the server' };
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    return { reason: `the server's TLS certificate was refused (${code})`, hint: 'trust its certificate authority with NODE_EXTRA_CA_CERTS, or use sslmode=require to encrypt without verifying' };
  }
  if (/SASL|password must be a string/i.test(message) && /password/i.test(message)) {
    return { reason: `the server asks a password for user "${settings.user}" and none was given`, hint: 'give it in the URL, in PGPASSWORD or in ~/.pgpass' };
  }
  if (/connection timeout|timeout expired/i.test(message)) {
    return { reason: `no answer from ${address} within ${settings.connectTimeoutMs / 1000} s`, hint: 'check that the server runs and is reachable, or raise connect_timeout in the URL' };
  }
  if (isLost({ code, message })) {
    return { reason: `the connection to the server was lost (${serverMessage})`, hint: lostHint };
  }
  return undefined;
}

function fieldsOf(error: unknown): ErrorFields {
  if (typeof error !== 'object' || error === null) return { code: undefined, message: String(error) };
  // Node reports a failed connection to a name with several addresses as an AggregateError.
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : undefined;
  const source = (first ?? error) as { code?: unknown; message?: unknown };
  return { code: typeof source.code === 'string' ? source.code : undefined, message: typeof source.message === 'string' ? source.message : '' };
}
