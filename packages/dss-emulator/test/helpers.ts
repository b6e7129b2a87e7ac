import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DssEmulator } from '../src/create-emulator.js';
import type { EmulatorReply } from '../src/dispatch.js';
import { type EmulatorServer, startEmulatorServer } from '../src/server.js';

export const API_KEY = 'test-api-key';
/** The fixed clock of test emulators: every `lastModifiedOn` they write. */
export const NOW = 1_800_000_000_000;

export const NOT_FOUND = 'com.dataiku.dip.server.controllers.NotFoundException';
export const ILLEGAL_ARGUMENT = 'com.dataiku.dip.exceptions.DSSIllegalArgumentException';
export const NOT_AUTHENTICATED = 'com.dataiku.dip.exceptions.NotAuthenticatedException';
export const UNAUTHORIZED = 'com.dataiku.dip.exceptions.UnauthorizedException';
export const JAVA_ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export const AUTH = basic(API_KEY, '');

/** The Fetch response of an `emulator.handle()` reply; throws for anything but a response. */
export function replyResponse(reply: EmulatorReply | undefined): Response {
  if (reply?.kind !== 'response') throw new Error(`expected a response, got ${reply?.kind ?? 'nothing'}`);
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

interface CallOptions {
  /** Serialized with JSON.stringify and sent with `Content-Type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The Authorization header; `null` sends none. Default: Basic with the key as username. */
  auth?: string | null;
  prefix?: string;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<RawResponse>;

/** Raw fetch against `baseUrl` + prefix + path: no client of ours involved. */
export function rawClient(baseUrl: string): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? AUTH : options.auth;
    if (auth !== null) headers.Authorization = auth;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${options.prefix ?? '/public/api'}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as unknown) : undefined;
    return { status: response.status, headers: response.headers, text, json };
  };
}

export interface TestServer {
  readonly server: EmulatorServer;
  readonly emulator: DssEmulator;
  readonly call: Call;
}

/**
 * A loopback emulator server for the whole test file (demo seed, the test key, a fixed clock),
 * reset before each test: seed content back, faults, counters and the unknown-projects mode cleared.
 * Its fields are read inside tests, once the server has started.
 */
export function useTestServer(): TestServer {
  let started: { server: EmulatorServer; call: Call } | undefined;
  const current = (): { server: EmulatorServer; call: Call } => {
    if (started === undefined) throw new Error('the test server is not started yet: use it inside a test');
    return started;
  };
  beforeAll(async () => {
    const server = await startEmulatorServer({ apiKey: API_KEY, clock: () => NOW });
    started = { server, call: rawClient(server.url) };
  });
  beforeEach(() => {
    const { emulator } = current().server;
    emulator.reset();
    emulator.latencyMs = 0;
    emulator.unknownProjects = 'not-found';
  });
  afterAll(async () => {
    await started?.server.close();
  });
  return {
    get server() {
      return current().server;
    },
    get emulator() {
      return current().server.emulator;
    },
    call: (method, path, options) => current().call(method, path, options),
  };
}

/** Whether the reply is DSS's empty 200 (project PUTs): no body, no content type, the DSS headers. */
export function isEmptyReply(response: RawResponse): boolean {
  return response.status === 200 && response.text === '' && !response.headers.has('content-type') && response.headers.get('dss-api-version') === '1';
}

/** Asserts the DSS error envelope and returns it. */
export function envelope(response: RawResponse): { errorType: string; message: string; detailedMessage: string } {
  return response.json as { errorType: string; message: string; detailedMessage: string };
}
