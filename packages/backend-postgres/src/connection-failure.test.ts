import { describe, expect, it } from 'vitest';
import { connectionFailure, isLostSession } from './connection-failure.js';
import { parseConnectionUrl } from './connection-settings.js';

const settings = parseConnectionUrl('postgres://ana:secret@db.example:5433/states?connect_timeout=3', {});

function described(error: unknown): { message: string; hint: string | undefined } | undefined {
  const failure = connectionFailure(error, settings, 'LOCATION', 'LOST HINT');
  return failure === undefined ? undefined : { message: failure.message.replace('PostgreSQL state backend LOCATION: ', ''), hint: failure.hint };
}

function errorWith(code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The cases a live server cannot easily produce here; the common ones run against one (connection-errors.test.ts). */
describe('connectionFailure', () => {
  it.each([
    [errorWith('28000', 'pg_hba.conf rejects connection for host "10.0.0.1", user "ana", database "states"\n'), 'the server refused the connection: pg_hba.conf rejects connection for host "10.0.0.1", user "ana", database "states"', 'ask the database administrator to allow this user and host (pg_hba.conf)'],
    [errorWith('53300', 'sorry, too many clients already'), 'the server has no connection slot left: sorry, too many clients already', 'retry later, or ask the database administrator to raise max_connections'],
    [errorWith('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example'), 'unknown host db.example', 'check the host name in the URL'],
    [errorWith('EHOSTUNREACH', 'connect EHOSTUNREACH'), 'cannot reach db.example:5433 (EHOSTUNREACH)', 'check the host and port in the URL, and the network between here and the server'],
    [new AggregateError([errorWith('ECONNREFUSED', 'connect ECONNREFUSED ::1:5433'), errorWith('ECONNREFUSED', 'x')]), 'cannot connect to db.example:5433: connection refused', 'check that PostgreSQL runs there and listens on that port'],
    [errorWith('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), "the server's TLS certificate was refused (DEPTH_ZERO_SELF_SIGNED_CERT)", 'trust its certificate authority with NODE_EXTRA_CA_CERTS, or use sslmode=require to encrypt without verifying'],
    [errorWith(undefined, 'Connection terminated due to connection timeout'), 'no answer from db.example:5433 within 3 s', 'check that the server runs and is reachable, or raise connect_timeout in the URL'],
    [errorWith('ECONNRESET', 'read ECONNRESET'), 'the connection to the server was lost (read ECONNRESET)', 'LOST HINT'],
    [errorWith(undefined, 'Connection terminated unexpectedly'), 'the connection to the server was lost (Connection terminated unexpectedly)', 'LOST HINT'],
    [errorWith('57P01', 'terminating connection due to administrator command'), 'the connection to the server was lost (terminating connection due to administrator command)', 'LOST HINT'],
  ])('describes %s in one line', (error, message, hint) => {
    expect(described(error)).toEqual({ message, hint });
  });

  it('leaves every other error to the caller', () => {
    expect(described(errorWith('42501', 'permission denied for table resources'))).toBeUndefined();
    expect(described('a string')).toBeUndefined();
    expect(described({ message: 42 })).toBeUndefined();
    expect(isLostSession(errorWith('23505', 'duplicate key'))).toBe(false);
    expect(isLostSession(errorWith('08006', 'connection failure'))).toBe(true);
  });
});
