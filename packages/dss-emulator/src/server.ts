import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorOptionsError } from './emulator-options-error.js';
import { createEmulator, type DssEmulator, type EmulatorOptions } from './create-emulator.js';
import type { EmulatorReply } from './dispatch.js';
import type { EmulatorRequest } from './emulator-request.js';
import { notFound } from './dss-error.js';
import { errorReply } from './responses.js';

export interface EmulatorServerOptions extends EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** A loopback address. Default `127.0.0.1`. */
  host?: string;
  /** Serve an existing emulator instead of creating one from the other options. */
  emulator?: DssEmulator;
}

export interface EmulatorServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash or base path. */
  readonly url: string;
  readonly port: number;
  readonly emulator: DssEmulator;
  /** Stops listening and destroys every open (keep-alive or in-flight) connection. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
/**
 * How long an idle keep-alive connection stays open: DSS is served through nginx, whose
 * configuration (DSS's `nginx_config.py`) leaves `keepalive_timeout` at nginx's default of 75 s.
 * Node's own default (5 s) would close connections that DSS keeps, racing a client that reuses one.
 */
const IDLE_CONNECTION_TIMEOUT_MS = 75_000;
// Headers that describe the connection, not the request: the dispatcher does not see them.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'expect']);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request as the dispatcher reads it; header values of repeated names are joined with ", " as Fetch does. */
function toEmulatorRequest(request: IncomingMessage, body: Buffer, origin: string, signal: AbortSignal): EmulatorRequest {
  const headers = new Map<string, string>();
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = (raw[index] as string).toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    const value = (raw[index + 1] as string).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return {
    method: request.method ?? 'GET',
    url: new URL(request.url ?? '/', origin).href,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    signal,
    text: () => Promise.resolve(body.toString('utf8')),
    arrayBuffer: () => Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer),
  };
}

function writeReply(reply: EmulatorReply, request: IncomingMessage, response: ServerResponse): void {
  const socket = request.socket;
  switch (reply.kind) {
    case 'drop':
      socket.destroy();
      return;
    case 'truncated': {
      const headers = { ...reply.headers, ...(reply.framing === 'content-length' ? { 'Content-Length': String(reply.body.length) } : {}) };
      response.writeHead(reply.status, headers);
      const half = reply.body.subarray(0, Math.floor(reply.body.length / 2));
      response.write(half, () => socket.destroy());
      return;
    }
    case 'response': {
      response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
      response.end(reply.body);
      return;
    }
  }
}

/**
 * Serves an emulator on a real loopback HTTP server (node:http), through the same request pipeline
 * as the msw handlers. Keep-alive connections are supported. Paths outside both base paths get the
 * 404 `NotFoundException` envelope. Throws `EmulatorOptionsError` (code `INVALID_ARGUMENT`) for a
 * non-loopback host or an invalid port.
 */
export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const { port = 0, host = '127.0.0.1', emulator: given, ...emulatorOptions } = options;
  if (!LOOPBACK_HOSTS.has(host)) throw new EmulatorOptionsError(`emulator host '${host}' is not a loopback address`);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new EmulatorOptionsError(`emulator port ${String(port)} is not an integer between 0 and 65535`);
  }
  const emulator = given ?? createEmulator(emulatorOptions);
  let origin = '';

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const aborter = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) aborter.abort(new Error('client connection closed'));
    });
    try {
      const body = await readBody(request);
      const reply =
        (await emulator.handle(toEmulatorRequest(request, body, origin, aborter.signal), arrivedAt)) ??
        errorReply(emulator.dssVersion, notFound(`No DSS API at ${request.url ?? '/'}`));
      writeReply(reply, request, response);
    } catch {
      // The connection failed under us (client gone, malformed request): nothing left to answer.
      request.socket.destroy();
    }
  }

  const server = createServer({ keepAliveTimeout: IDLE_CONNECTION_TIMEOUT_MS }, (request, response) => {
    void serve(request, response);
  });
  server.on('clientError', (_error, socket) => {
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${urlHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    port: address.port,
    emulator,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      })),
  };
}
