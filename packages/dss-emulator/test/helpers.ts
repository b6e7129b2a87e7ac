import type { DssEmulator } from '../src/create-emulator.js';
import type { EmulatorReply } from '../src/dispatch.js';
import { type EmulatorServer, startEmulatorServer } from '../src/server.js';

export const API_KEY = 'test-api-key';
/** The fixed clock of test emulators: every `lastModifiedOn` they write. */
export const NOW = 1_800_000_000_000;

export const NOT_FOUND = 'com.dataiku.dip.server.controllers.NotFoundException';
export const ILLEGAL_ARGUMENT = 'com.dataiku.dip.exceptions.DSSIllegalArgumentException';
export const NOT_AUTHENTICATED = 'com.dataiku.dip.exceptions.NotAuthenticatedException';

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

export interface CallOptions {
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
  server: EmulatorServer;
  emulator: DssEmulator;
  call: Call;
}

/** A loopback emulator server with the demo seed, the test key and a fixed clock. */
export async function startTestServer(): Promise<TestServer> {
  const server = await startEmulatorServer({ apiKey: API_KEY, clock: () => NOW });
  return { server, emulator: server.emulator, call: rawClient(server.url) };
}

/** Asserts the DSS error envelope and returns it. */
export function envelope(response: RawResponse): { errorType: string; message: string; detailedMessage: string } {
  return response.json as { errorType: string; message: string; detailedMessage: string };
}
