import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataikuIaCError, hasErrorCode } from '@dataiku-iac/models';
import { API, API_KEY, BASIC_TOKEN, dssError, DSS_HOST, KEY_FORMS, NOT_FOUND_TYPE, notFound } from '@dataiku-iac/test-utils';
import { DssApiError, isNotFound } from './errors/dss-api-error.js';
import { DssConnectionError } from './errors/dss-connection-error.js';
import { DssResponseError } from './errors/dss-response-error.js';
import type { DssClientOptions, DssRequestEvent } from './client-config.js';
import { DssClient } from './dss-client.js';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

function client(options: DssClientOptions = {}): DssClient {
  return new DssClient({ host: DSS_HOST, apiKey: API_KEY, env: {}, retryDelayMs: 1, retries: 1, ...options });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function reply(path: string, response: () => Response): void {
  server.use(http.all(`${API}/${path}`, response));
}

describe('DssApiError', () => {
  it('carries status, errorType, messages, method, path and a truncated body', async () => {
    server.use(http.get(`${API}/projects/P/datasets/x`, () => notFound('Dataset P.x')));
    const error = await failure(client().getDataset('P', 'x'));
    expect(error).toBeInstanceOf(DssApiError);
    expect(error).toMatchObject({
      name: 'DssApiError',
      code: 'DSS_HTTP',
      status: 404,
      errorType: NOT_FOUND_TYPE,
      dssMessage: 'Dataset P.x does not exist',
      detailedMessage: 'Dataset P.x does not exist',
      method: 'GET',
      path: '/public/api/projects/P/datasets/x',
      attempts: 1,
    });
    expect(error.message).toBe('GET /public/api/projects/P/datasets/x failed with 404 Not Found: NotFoundException: Dataset P.x does not exist');
    expect(DataikuIaCError.isInstance(error)).toBe(true);
    expect(isNotFound(error)).toBe(true);
  });

  it('keeps the message on one line and the body at most 2 KB', async () => {
    const long = `line one\nline two\r\n${'x'.repeat(5000)}`;
    reply('p', () => HttpResponse.json({ errorType: 'java.lang.IllegalStateException', message: long }, { status: 500 }));
    const error = await failure(client().request('GET', 'p'));
    if (!DssApiError.isInstance(error)) throw error;
    expect(error.message).not.toMatch(/\n|\r/);
    expect(error.message).toMatch(/^GET \/public\/api\/p failed with 500 Internal Server Error: IllegalStateException: line one line two x+…$/);
    expect(error.message.length).toBeLessThan(400);
    expect(error.responseBody.length).toBeLessThanOrEqual(2048);
    expect(error.detailedMessage).toBeUndefined();
  });

  it('uses the text of a non-JSON error body', async () => {
    reply('html', () => HttpResponse.html('<html><body><h1>Bad Gateway</h1>\n<p>nginx</p></body></html>', { status: 400 }));
    reply('text', () => HttpResponse.text('plain failure', { status: 400 }));
    reply('empty', () => new HttpResponse(null, { status: 400 }));
    reply('typeonly', () => HttpResponse.json({ errorType: 'a.b.Boom' }, { status: 400 }));
    const dss = client();
    const html = await failure(dss.request('GET', 'html'));
    if (!DssApiError.isInstance(html)) throw html;
    expect(html.message).toBe('GET /public/api/html failed with 400 Bad Request: Bad Gateway nginx');
    expect(html.errorType).toBeUndefined();
    expect((await failure(dss.request('GET', 'text'))).message).toBe('GET /public/api/text failed with 400 Bad Request: plain failure');
    expect((await failure(dss.request('GET', 'empty'))).message).toBe('GET /public/api/empty failed with 400 Bad Request');
    expect((await failure(dss.request('GET', 'typeonly'))).message).toBe('GET /public/api/typeonly failed with 400 Bad Request: Boom');
  });

  it('reads a JSON body that is not an envelope as text, and a huge error body without parsing it', async () => {
    reply('array', () => HttpResponse.json([1, 2], { status: 400 }));
    reply('other', () => HttpResponse.json({ foo: 'bar' }, { status: 400 }));
    reply('huge', () => HttpResponse.json({ errorType: 'a.B', message: 'y'.repeat(100_000) }, { status: 400 }));
    const dss = client();
    expect((await failure(dss.request('GET', 'array'))).message).toMatch(/400 Bad Request: \[1,2\]$/);
    expect((await failure(dss.request('GET', 'other'))).message).toMatch(/400 Bad Request: \{"foo":"bar"\}$/);
    const huge = await failure(dss.request('GET', 'huge'));
    if (!DssApiError.isInstance(huge)) throw huge;
    expect(huge.errorType).toBeUndefined();
    expect(huge.responseBody.length).toBeLessThanOrEqual(2048);
  });

  it('tells the user to check DATAIKU_API_KEY on 401 and explains 403', async () => {
    reply('a', () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', 'Unknown API Key'));
    reply('b', () => dssError(403, 'com.dataiku.dip.exceptions.UnauthorizedException', 'Action forbidden'));
    const dss = client();
    const unauthenticated = await failure(dss.request('GET', 'a'));
    expect(unauthenticated.message).toMatch(/^GET \/public\/api\/a failed with 401 Unauthorized: NotAuthenticatedException: Unknown API Key \(check DATAIKU_API_KEY/);
    const forbidden = await failure(dss.request('GET', 'b'));
    expect(forbidden.message).toMatch(/403 Forbidden: UnauthorizedException: Action forbidden \(the API key lacks a permission .*ADMIN/);
    expect(isNotFound(unauthenticated)).toBe(false);
    expect(isNotFound(forbidden)).toBe(false);
  });

  it('names unknown statuses', async () => {
    reply('weird', () => new HttpResponse(null, { status: 599 }));
    expect((await failure(client().request('GET', 'weird'))).message).toBe('GET /public/api/weird failed with 599 Unknown Status');
  });

  it('does not follow a redirect, and says where it points to', async () => {
    reply('moved', () => new HttpResponse(null, { status: 301, headers: { location: 'https://dss.example.com/public/api/moved?x=1' } }));
    reply('relative', () => new HttpResponse(null, { status: 307, headers: { location: `/login?key=${API_KEY}` } }));
    reply('nowhere', () => new HttpResponse(null, { status: 302 }));
    expect((await failure(client().request('PUT', 'moved', { json: {} }))).message).toBe(
      'PUT /public/api/moved failed with 301 Moved Permanently (it redirects to https://dss.example.com/public/api/moved: set the DSS URL to the address DSS answers on, redirects are not followed)',
    );
    expect((await failure(client().request('GET', 'relative'))).message).toBe(
      'GET /public/api/relative failed with 307 Temporary Redirect (it redirects to https://dss.test/login: set the DSS URL to the address DSS answers on, redirects are not followed)',
    );
    expect((await failure(client().request('GET', 'nowhere'))).message).toBe('GET /public/api/nowhere failed with 302 Found');
  });
});

describe('isNotFound', () => {
  it('is true for 404 and for a NotFoundException errorType only', async () => {
    reply('a', () => dssError(404, 'whatever.Other', 'gone'));
    reply('b', () => dssError(400, NOT_FOUND_TYPE, 'no such thing'));
    reply('c', () => dssError(500, 'com.dataiku.dip.exceptions.CodedIOException', "PYTHON env my_env doesn't exist"));
    reply('d', () => dssError(500, 'x.Y', 'Dataset does not exist'));
    reply('e', () => dssError(401, NOT_FOUND_TYPE, 'odd'));
    reply('f', () => dssError(403, NOT_FOUND_TYPE, 'odd'));
    reply('g', () => HttpResponse.json({ message: 'does not exist' }));
    const dss = client({ retries: 0 });
    const results = [];
    for (const path of ['a', 'b', 'c', 'd', 'e', 'f']) results.push(isNotFound(await failure(dss.request('GET', path))));
    expect(results).toEqual([true, true, false, false, false, false]);
    await expect(dss.request('GET', 'g')).resolves.toEqual({ message: 'does not exist' });
    expect(isNotFound(new Error('404 not found'))).toBe(false);
    expect(isNotFound({ status: 404 })).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});

describe('DssResponseError', () => {
  const cases: [string, () => Response, RegExp][] = [
    ['an HTML login page', () => HttpResponse.html('<html>Please log in</html>'), /GET \/public\/api\/projects\/: expected JSON but got an HTML page/],
    ['another content type', () => HttpResponse.xml('<a/>'), /expected JSON but got content type "text\/xml"/],
    ['malformed JSON', () => new HttpResponse('{"a": ', { headers: { 'content-type': 'application/json' } }), /the response body is not valid JSON \(.+\); it may be truncated/],
    ['an object instead of a list', () => HttpResponse.json({ projectKey: 'A' }), /expected a JSON array, got object/],
    ['a list item without projectKey', () => HttpResponse.json([{ projectKey: 'A' }, { name: 'B' }]), /expected "\[1\]\.projectKey" to be a string, got nothing/],
    ['a list item of the wrong kind', () => HttpResponse.json(['A']), /expected "\[0\]" to be an object, got string/],
    ['a null projectKey', () => HttpResponse.json([{ projectKey: null }]), /expected "\[0\]\.projectKey" to be a string, got null/],
  ];
  for (const [what, response, message] of cases) {
    it(`rejects ${what}`, async () => {
      let attempts = 0;
      server.use(
        http.get(`${API}/projects/`, () => {
          attempts++;
          return response();
        }),
      );
      const error = await failure(client().listProjectKeys());
      expect(error).toBeInstanceOf(DssResponseError);
      expect(hasErrorCode(error, 'DSS_RESPONSE_INVALID')).toBe(true);
      expect(error.message).toMatch(message);
      expect(attempts).toBe(1);
    });
  }

  it('names the field and the kinds found in a definition', async () => {
    server.use(
      http.get(`${API}/projects/P/datasets/orders`, () => HttpResponse.json({ name: 'orders', type: 5 })),
      http.get(`${API}/projects/P/datasets/tags`, () => HttpResponse.json({ name: 'tags', type: 'S3', tags: 'a,b' })),
      http.get(`${API}/projects/P/recipes/r`, () => HttpResponse.json({ recipe: { name: 'r', type: 'python', inputs: [] } })),
      http.get(`${API}/projects/P/recipes/s`, () => HttpResponse.json({ recipe: 'nope' })),
      http.get(`${API}/projects/P/recipes/t`, () => HttpResponse.json({ recipe: { name: 't', type: 'python' }, payload: 7 })),
      http.get(`${API}/projects/P/variables/`, () => HttpResponse.json({ standard: {} })),
      http.get(`${API}/projects/P/metadata`, () => HttpResponse.json([])),
    );
    const dss = client();
    expect((await failure(dss.getDataset('P', 'orders'))).message).toBe('GET /public/api/projects/P/datasets/orders: expected "type" to be a string, got number');
    expect((await failure(dss.getDataset('P', 'tags'))).message).toMatch(/expected "tags" to be an array, got string$/);
    expect((await failure(dss.getRecipe('P', 'r'))).message).toMatch(/expected "recipe\.inputs" to be an object, got array$/);
    expect((await failure(dss.getRecipe('P', 's'))).message).toMatch(/expected "recipe" to be an object, got string$/);
    expect((await failure(dss.getRecipe('P', 't'))).message).toMatch(/expected "payload" to be a string, got number$/);
    expect((await failure(dss.getProjectVariables('P'))).message).toMatch(/expected "local" to be an object, got nothing$/);
    expect((await failure(dss.getProjectMetadata('P'))).message).toMatch(/expected a JSON object, got array$/);
  });

  it('rejects an empty body where a document is expected', async () => {
    server.use(http.get(`${API}/projects/P/settings`, () => new HttpResponse(null, { status: 200 })));
    expect((await failure(client().getProjectSettings('P'))).message).toBe('GET /public/api/projects/P/settings: expected a JSON object, got nothing');
  });

  it('checks the name returned by recipe creation and the auth info', async () => {
    server.use(
      http.post(`${API}/projects/P/recipes/`, () => HttpResponse.json({ msg: 'created' })),
      http.get(`${API}/auth/info`, () => HttpResponse.json('alice')),
    );
    const dss = client();
    expect((await failure(dss.createRecipe('P', { type: 'python', name: 'r' }, {}))).message).toBe(
      'POST /public/api/projects/P/recipes/: expected "name" to be a string, got nothing',
    );
    expect((await failure(dss.getAuthInfo())).message).toBe('GET /public/api/auth/info?withSecrets=false: expected a JSON object, got string');
  });

  it('rejects an HTML page even where the reply is ignored', async () => {
    server.use(http.put(`${API}/projects/P/metadata`, () => HttpResponse.html('<html>login</html>')));
    expect((await failure(client().setProjectMetadata('P', {}))).message).toMatch(/PUT \/public\/api\/projects\/P\/metadata: expected JSON but got an HTML page/);
  });

  it('refuses a body larger than maxResponseBytes, announced or not', async () => {
    const big = JSON.stringify([{ projectKey: 'x'.repeat(2000) }]);
    server.use(
      http.get(`${API}/projects/`, () => new HttpResponse(big, { headers: { 'content-type': 'application/json', 'content-length': String(big.length) } })),
      http.get(`${API}/projects/P/datasets/`, () => {
        const chunk = new TextEncoder().encode(big);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(chunk.subarray(0, 600));
            controller.enqueue(chunk.subarray(600));
            controller.close();
          },
        });
        return new HttpResponse(stream, { headers: { 'content-type': 'application/json' } });
      }),
    );
    const dss = client({ maxResponseBytes: 1000 });
    expect((await failure(dss.listProjectKeys())).message).toBe(
      `GET /public/api/projects/: the response body is ${big.length} bytes, more than maxResponseBytes (1000)`,
    );
    expect((await failure(dss.listDatasetNames('P'))).message).toBe(
      'GET /public/api/projects/P/datasets/: the response body is larger than maxResponseBytes (1000 bytes)',
    );
    await expect(client({ maxResponseBytes: big.length }).listProjectKeys()).resolves.toHaveLength(1);
  });
});

describe('DssConnectionError', () => {
  it('names the host and what happened', async () => {
    reply('down', () => HttpResponse.error());
    const error = await failure(client({ retries: 0 }).request('GET', 'down'));
    expect(error).toBeInstanceOf(DssConnectionError);
    expect(error).toMatchObject({ code: 'DSS_UNREACHABLE', failure: 'network', host: DSS_HOST, method: 'GET', path: '/public/api/down', attempts: 1 });
    expect(error.message).toMatch(/^cannot reach https:\/\/dss\.test: .+ \(GET \/public\/api\/down\)$/);
    expect(error.cause).toBeUndefined();
  });
});

describe('the API key never leaks', () => {
  function leaks(text: string): string[] {
    return KEY_FORMS.filter((form) => text.includes(form));
  }

  it('is absent from errors, their causes, inspect output and events, even when the server echoes it', async () => {
    const echo = `Unknown API Key ${API_KEY} (Authorization: Basic ${BASIC_TOKEN})`;
    server.use(
      http.get(`${API}/echo-json`, () => dssError(401, 'com.dataiku.dip.exceptions.NotAuthenticatedException', echo)),
      http.get(`${API}/echo-text`, () => HttpResponse.text(echo, { status: 500 })),
      http.get(`${API}/echo-ok`, () => HttpResponse.json({ key: API_KEY, payload: 7 })),
      http.get(`${API}/down`, () => HttpResponse.error()),
      http.get(`${API}/${API_KEY}/x`, () => HttpResponse.error()),
      http.get(`${API}/projects/P/datasets/x`, () => HttpResponse.json({ name: API_KEY, type: 1 })),
      http.get(`${API}/bad-json`, () => new HttpResponse(`{"key": "${API_KEY}" `, { headers: { 'content-type': 'application/json' } })),
    );
    const events: DssRequestEvent[] = [];
    const dss = client({ onRequest: (event) => events.push(event) });
    const errors = [
      await failure(dss.request('GET', 'echo-json')),
      await failure(dss.request('GET', 'echo-text')),
      await failure(dss.request('GET', 'down')),
      await failure(dss.request('GET', 'bad-json')),
      await failure(dss.request('GET', `${API_KEY}/x`)),
      await failure(dss.getDataset('P', 'x')),
    ];
    for (const error of errors) {
      const texts = [error.message, String(error.stack), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), inspect(error.cause, { depth: 10 })];
      for (const text of texts) expect(leaks(text)).toEqual([]);
    }
    expect((errors[0] as DssApiError).message).toContain('[redacted]');
    expect(leaks(JSON.stringify(events))).toEqual([]);
    expect(leaks(inspect(dss, { depth: 10, showHidden: true }))).toEqual([]);
    expect(events.length).toBeGreaterThan(5);
  });
});
