import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asBuffered, type BufferedFetch, BufferedResponse, createBufferedFetch, UnusableBodyError } from './buffered-fetch.js';

// No msw here: a real server shows what goes over the wire.

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let origin: string;
let handler: Handler;
const connections = new Set<Socket>();
let opened = 0;
let fetcher: BufferedFetch;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handler(request, Buffer.concat(chunks).toString(), response);
    });
  });
  server.on('connection', (socket: Socket) => {
    opened++;
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  fetcher.close();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function start(maxResponseBytes = 1024 * 1024): BufferedFetch {
  fetcher = createBufferedFetch({ maxResponseBytes });
  return fetcher;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createBufferedFetch', () => {
  it('hands back status, headers and the whole body, and keeps one connection for requests in turn', async () => {
    handler = (request, _body, response) => {
      response.writeHead(201, 'Made', [['x-seen', request.url ?? ''], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
      response.end('{"made":true}');
    };
    const send = start();
    const before = opened;
    for (const path of ['/one', '/two', '/three']) {
      const response = await send(`${origin}${path}`);
      expect([response.status, response.statusText, response.headers.get('x-seen'), response.headers.getSetCookie()]).toEqual([201, 'Made', path, ['a=1', 'b=2']]);
      expect(new TextDecoder().decode(response.content)).toBe('{"made":true}');
    }
    expect(opened - before).toBe(1);
  });

  it('sends the body with its length, announces an empty PUT as Content-Length: 0, and asks for no compression', async () => {
    const seen: string[] = [];
    handler = (request, body, response) => {
      seen.push(`${request.method} ${request.headers['content-length']} ${request.headers['transfer-encoding']} ${request.headers['accept-encoding']} ${body}`);
      response.end();
    };
    const send = start();
    await send(new Request(`${origin}/x`, { method: 'POST', body: '{"é":1}', headers: { 'content-type': 'application/json' } }));
    await send(new Request(`${origin}/x`, { method: 'PUT' }));
    await send(new Request(`${origin}/x`, { method: 'DELETE' }));
    expect(seen).toEqual(['POST 8 undefined undefined {"é":1}', 'PUT 0 undefined undefined ', 'DELETE undefined undefined undefined ']);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const paths: string[] = [];
    handler = (request, _body, response) => {
      paths.push(request.url ?? '');
      response.writeHead(302, { location: '/elsewhere' }).end();
    };
    const response = await start()(`${origin}/here`);
    expect([response.status, response.headers.get('location'), paths]).toEqual([302, '/elsewhere', ['/here']]);
  });

  it('refuses a 2xx body that is too large, announced or not, and one in an encoding it did not ask for', async () => {
    handler = (request, _body, response) => {
      if (request.url === '/announced') response.end('x'.repeat(20));
      else if (request.url === '/gzip') response.writeHead(200, { 'content-encoding': 'gzip' }).end('zz');
      else {
        response.write('x'.repeat(8));
        response.end('x'.repeat(12));
      }
    };
    const send = start(10);
    expect(await rejection(send(`${origin}/announced`))).toMatchObject({ message: 'the response body is 20 bytes, more than maxResponseBytes (10)', status: 200 });
    const streamed = await rejection(send(`${origin}/streamed`));
    expect(streamed).toBeInstanceOf(UnusableBodyError);
    expect(streamed).toMatchObject({ message: 'the response body is larger than maxResponseBytes (10 bytes)' });
    expect(await rejection(send(`${origin}/gzip`))).toMatchObject({ message: 'the response body is gzip-encoded, which was not asked for' });
  });

  it('keeps the first 64 KiB of an error body', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(500).end('e'.repeat(100_000));
    };
    const response = await start(10)(`${origin}/`);
    expect([response.status, response.content.byteLength]).toEqual([500, 64 * 1024]);
  });

  it("rejects with Node's error for a refused connection, and on abort", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const send = start();
    expect(await rejection(send(`http://127.0.0.1:${port}/`))).toMatchObject({ code: 'ECONNREFUSED' });
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = send(new Request(`${origin}/slow`, { signal: controller.signal }));
    const reason = new Error('stop');
    setTimeout(() => {
      controller.abort(reason);
    }, 20);
    expect(await rejection(pending)).toMatchObject({ name: 'AbortError' });
    expect(await rejection(send(new Request(`${origin}/`, { signal: controller.signal })))).toBe(reason);
  });

  it('closes an idle connection by itself, without waiting for the server to', async () => {
    handler = (_request, _body, response) => {
      response.end('{}');
    };
    const keepAliveTimeout = server.keepAliveTimeout;
    server.keepAliveTimeout = 120_000; // only the client closes it within the test
    try {
      const send = start();
      await send(`${origin}/`);
      const [socket] = connections;
      let closedByClient = false;
      socket?.on('end', () => (closedByClient = true));
      await expect.poll(() => connections.size, { timeout: 30_000, interval: 100 }).toBe(0);
      expect(closedByClient).toBe(true);
    } finally {
      server.keepAliveTimeout = keepAliveTimeout;
    }
  });

  it('closes its kept-alive connections on close()', async () => {
    handler = (_request, _body, response) => {
      response.end('{}');
    };
    const send = start();
    await send(`${origin}/`);
    expect(connections.size).toBe(1);
    send.close();
    await expect.poll(() => connections.size).toBe(0);
  });
});

describe('BufferedResponse', () => {
  it('keeps status, headers and the content read', () => {
    const buffered = new BufferedResponse({ status: 503, statusText: 'Busy', headers: new Headers({ 'retry-after': '3' }) }, new TextEncoder().encode('{"a":1}'));
    expect([buffered.status, buffered.statusText, buffered.headers.get('retry-after'), buffered.ok]).toEqual([503, 'Busy', '3', false]);
    expect(new TextDecoder().decode(asBuffered(buffered).content)).toBe('{"a":1}');
  });

  it('refuses a response that was not read by createBufferedFetch', () => {
    expect(() => asBuffered(new Response('x'))).toThrow(TypeError);
  });
});
