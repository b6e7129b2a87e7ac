import { setMaxListeners } from 'node:events';
import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import type { JsonObject } from '@dataiku-iac/models';
import { DssApiError } from './errors/dss-api-error.js';
import { DssConnectionError } from './errors/dss-connection-error.js';
import { DssResponseError } from './errors/dss-response-error.js';
import { oneLine } from './errors/one-line.js';
import { CLIENT_VERSION } from './version.js';
import { type DssClientOptions, type DssRequestEvent, type ResolvedConfig, resolveConfig } from './client-config.js';
import { dssPath } from './dss-path.js';
import type {
  DatasetCreation,
  DatasetDefinition,
  ProjectCreation,
  ProjectMetadata,
  ProjectSettings,
  ProjectVariables,
  RecipeDocument,
  RecipePrototype,
} from './dss-types.js';
import { describeNetworkFailure } from './network-failure.js';
import { decodeUtf8, readBody } from './read-body.js';
import {
  ANY_OBJECT,
  DATASET_DEFINITION,
  listProblem,
  NAMED_LIST_ITEM,
  PROJECT_LIST_ITEM,
  PROJECT_METADATA,
  PROJECT_SETTINGS,
  PROJECT_VARIABLES,
  RECIPE_CREATED,
  RECIPE_DOCUMENT,
  type Shape,
  shapeProblem,
} from './response-shapes.js';
import { backoffDelay, type HttpMethod, isIdempotent, isRetryableStatus, parseRetryAfter } from './retry-policy.js';
import { Semaphore } from './semaphore.js';
import { sleep } from './sleep.js';

export type DssMethod = HttpMethod;
export type DssQueryValue = string | boolean | readonly string[] | undefined;

export interface DssRequestOptions {
  /** Query parameters: booleans become `true`/`false`, arrays repeat the key, `undefined` is left out. */
  readonly query?: Readonly<Record<string, DssQueryValue>>;
  /** A JSON body; sent with `Content-Type: application/json`. */
  readonly json?: unknown;
  readonly signal?: AbortSignal;
  /**
   * `json` (default): a non-empty 2xx body must be JSON and is returned parsed.
   * `none`: the body is read and ignored (mutations whose reply DSS does not define), unless it is
   * an HTML page, which means a proxy or login page answered instead of DSS.
   */
  readonly responseType?: 'json' | 'none';
}

/** Counters for this client. `requests` counts HTTP attempts sent, retries included. */
export interface DssClientStats {
  readonly requests: number;
  readonly inFlight: number;
  readonly maxInFlight: number;
}

interface PreparedRequest {
  readonly method: DssMethod;
  readonly relative: string;
  readonly searchParams: URLSearchParams;
  readonly json: unknown;
  readonly signal: AbortSignal | undefined;
  readonly displayPath: string;
  readonly responseType: 'json' | 'none';
}

type Outcome =
  | { readonly kind: 'done'; readonly value: unknown; readonly status: number }
  | { readonly kind: 'aborted'; readonly reason: unknown; readonly status?: number }
  | {
      readonly kind: 'failed';
      readonly status?: number;
      readonly retryable: boolean;
      readonly retryAfterMs?: number;
      readonly error: (attempts: number) => Error;
    };

/** How much of an error body is read to find the DSS error envelope. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** How much of an error body is kept on `DssApiError.responseBody`. */
const KEPT_BODY_CHARS = 2048;

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJsonMedia(media: string): boolean {
  return media === '' || media === 'application/json' || media.endsWith('+json');
}

function buildSearchParams(query: Readonly<Record<string, DssQueryValue>> | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'string') params.append(name, value);
    else if (typeof value === 'boolean') params.append(name, value ? 'true' : 'false');
    else for (const item of value) params.append(name, item);
  }
  return params;
}

interface ErrorEnvelope {
  readonly errorType: string | undefined;
  readonly message: string | undefined;
  readonly detailedMessage: string | undefined;
}

function stringField(object: Record<string, unknown>, field: string): string | undefined {
  const value = object[field];
  return typeof value === 'string' ? value : undefined;
}

function parseEnvelope(text: string): ErrorEnvelope | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const record = parsed as Record<string, unknown>;
    const envelope = {
      errorType: stringField(record, 'errorType'),
      message: stringField(record, 'message'),
      detailedMessage: stringField(record, 'detailedMessage'),
    };
    return envelope.errorType === undefined && envelope.message === undefined ? undefined : envelope;
  } catch {
    return undefined;
  }
}

function textOfBody(text: string, media: string): string {
  return media === 'text/html' ? text.replace(/<[^>]*>/g, ' ') : text;
}

/**
 * The DSS public REST API client (contract `dss-api.md`), built on ky.
 *
 * Sends `Authorization: Basic base64("<key>:")`, retries idempotent requests on 429/502/503/504,
 * network errors and timeouts (POST only on 429) with exponential backoff that honours
 * `Retry-After`, keeps at most `concurrency` attempts in flight, and never puts the API key into an
 * error, an event or its own inspectable state.
 */
export class DssClient {
  /** The DSS URL (origin and optional path prefix), without credentials or a trailing slash. */
  readonly host: string;
  readonly #config: ResolvedConfig;
  readonly #ky: KyInstance;
  readonly #semaphore: Semaphore;
  readonly #secrets: readonly string[];
  readonly #onRequest: ((event: DssRequestEvent) => void) | undefined;
  readonly #stats = { requests: 0, inFlight: 0, maxInFlight: 0 };

  /** @throws DssConfigError (CONFIG_INVALID) when the host or key is missing, the host is not an http(s) URL, an option is out of range or `caFile` cannot be read */
  constructor(options: DssClientOptions = {}) {
    const config = resolveConfig(options);
    this.#config = config;
    this.host = config.host;
    this.#onRequest = options.onRequest;
    this.#semaphore = new Semaphore(config.concurrency);
    const basicToken = Buffer.from(`${config.apiKey}:`).toString('base64');
    this.#secrets = [basicToken, Buffer.from(config.apiKey).toString('base64'), config.apiKey].filter((secret) => secret.length > 0);
    const kyOptions: KyOptions = {
      prefixUrl: config.prefixUrl,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      headers: {
        authorization: `Basic ${basicToken}`,
        accept: 'application/json',
        'user-agent': `dataiku-iac/${CLIENT_VERSION}`,
      },
      // ky passes options it does not know to fetch: undici's `dispatcher` carries the TLS settings.
      // (npm undici's Agent and the undici-types that describe Node's fetch differ only in typings.)
      ...(config.dispatcher === undefined ? {} : { dispatcher: config.dispatcher as unknown as NonNullable<KyOptions['dispatcher']> }),
    };
    this.#ky = ky.create(kyOptions);
  }

  get stats(): DssClientStats {
    return { ...this.#stats };
  }

  /** Release the TLS connection pool created for `insecure` / `caFile` (nothing to do otherwise). */
  async close(): Promise<void> {
    await this.#config.dispatcher?.close();
  }

  /**
   * One API call. `path` is relative to the base path (`projects/KEY/datasets/`), identifiers already
   * encoded (see `dssPath`); a leading `/` is ignored. Resolves with the parsed JSON body, or
   * `undefined` for an empty body or `responseType: 'none'`.
   * @throws DssApiError (DSS_HTTP) for a non-2xx answer
   * @throws DssConnectionError (DSS_UNREACHABLE) for network errors and timeouts
   * @throws DssResponseError (DSS_RESPONSE_INVALID) for an unusable 2xx body
   * @throws the signal's reason when `signal` aborts
   */
  async request(method: DssMethod, path: string, options: DssRequestOptions = {}): Promise<unknown> {
    const relative = path.replace(/^\/+/, '');
    const searchParams = buildSearchParams(options.query);
    const prepared: PreparedRequest = {
      method,
      relative,
      searchParams,
      json: options.json,
      signal: options.signal,
      displayPath: this.#displayPath(relative, searchParams),
      responseType: options.responseType ?? 'json',
    };
    options.signal?.throwIfAborted();
    // One signal usually cancels a whole sync: hundreds of queued and running requests listen to
    // it. That is by design, not a leak, so lift Node's warning threshold for it.
    if (options.signal !== undefined) setMaxListeners(0, options.signal);
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const outcome = await this.#attempt(prepared);
      const base = { method, path: prepared.displayPath, attempt, durationMs: Math.round(performance.now() - started) };
      const status = outcome.status === undefined ? {} : { status: outcome.status };
      if (outcome.kind === 'done') {
        this.#emit({ ...base, ...status });
        return outcome.value;
      }
      if (outcome.kind === 'aborted') {
        this.#emit({ ...base, ...status, error: 'aborted' });
        throw outcome.reason;
      }
      const error = outcome.error(attempt);
      if (!outcome.retryable || attempt > this.#config.retries) {
        this.#emit({ ...base, ...status, error: error.message });
        throw error;
      }
      const retryInMs =
        outcome.retryAfterMs === undefined
          ? backoffDelay(attempt, this.#config.retryDelayMs, this.#config.maxRetryDelayMs)
          : Math.min(outcome.retryAfterMs, this.#config.maxRetryDelayMs);
      this.#emit({ ...base, ...status, error: error.message, retryInMs });
      await sleep(retryInMs, options.signal);
    }
  }

  async #attempt(request: PreparedRequest): Promise<Outcome> {
    let release: () => void;
    try {
      release = await this.#semaphore.acquire(request.signal);
    } catch (reason) {
      return { kind: 'aborted', reason };
    }
    this.#stats.requests++;
    this.#stats.inFlight++;
    this.#stats.maxInFlight = Math.max(this.#stats.maxInFlight, this.#stats.inFlight);
    // One controller per attempt, aborted by the timeout or by the caller's signal (cheaper than
    // AbortSignal.any, which matters at hundreds of requests per second).
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort();
    }, this.#config.timeoutMs);
    const forwardAbort = (): void => {
      timeout.abort(request.signal?.reason);
    };
    request.signal?.addEventListener('abort', forwardAbort, { once: true });
    const signal = timeout.signal;
    let status: number | undefined;
    try {
      const response = await this.#ky(request.relative, {
        method: request.method,
        signal,
        ...(request.searchParams.size > 0 ? { searchParams: request.searchParams } : {}),
        ...(request.json === undefined ? {} : { json: request.json }),
      });
      status = response.status;
      return await this.#interpret(request, response);
    } catch (error) {
      const withStatus = status === undefined ? {} : { status };
      if (request.signal?.aborted === true) return { kind: 'aborted', reason: request.signal.reason, ...withStatus };
      return this.#failure(request, error, timeout.signal.aborted, withStatus);
    } finally {
      request.signal?.removeEventListener('abort', forwardAbort);
      clearTimeout(timer);
      this.#stats.inFlight--;
      release();
    }
  }

  #failure(request: PreparedRequest, error: unknown, timedOut: boolean, status: { status?: number }): Outcome {
    const common = { host: this.host, method: request.method, path: request.displayPath };
    if (timedOut) {
      return {
        kind: 'failed',
        ...status,
        retryable: isIdempotent(request.method),
        error: (attempts) => new DssConnectionError({ ...common, failure: 'timeout', detail: 'timed out', timeoutMs: this.#config.timeoutMs, attempts }),
      };
    }
    const failure = describeNetworkFailure(error);
    const cause = this.#scrub(oneLine(failure.detail, 400));
    const detail = status.status === undefined ? cause : `the connection broke while reading the ${status.status} response: ${cause}`;
    return {
      kind: 'failed',
      ...status,
      retryable: failure.retryable && isIdempotent(request.method),
      error: (attempts) => new DssConnectionError({ ...common, failure: failure.failure, detail, attempts }),
    };
  }

  async #interpret(request: PreparedRequest, response: Response): Promise<Outcome> {
    const status = response.status;
    const media = mediaType(response.headers.get('content-type'));
    if (status < 200 || status > 299) return this.#httpFailure(request, response, media);
    const invalid = (problem: string): Outcome => ({
      kind: 'failed',
      status,
      retryable: false,
      error: () => new DssResponseError({ method: request.method, path: request.displayPath, problem }),
    });
    const limit = this.#config.maxResponseBytes;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > limit) {
      void response.body?.cancel().catch(() => undefined);
      return invalid(`the response body is ${declared} bytes, more than maxResponseBytes (${limit})`);
    }
    const body = await readBody(response.body, limit);
    if (body.truncated) return invalid(`the response body is larger than maxResponseBytes (${limit} bytes)`);
    if (body.bytes.byteLength === 0) return { kind: 'done', value: undefined, status };
    if (media === 'text/html') return invalid('expected JSON but got an HTML page (content type text/html): a proxy or login page answered instead of DSS');
    if (request.responseType === 'none') return { kind: 'done', value: undefined, status };
    if (!isJsonMedia(media)) return invalid(`expected JSON but got content type ${JSON.stringify(media)}`);
    try {
      return { kind: 'done', value: JSON.parse(decodeUtf8(body.bytes)) as unknown, status };
    } catch (error) {
      return invalid(`the response body is not valid JSON (${this.#scrub(oneLine((error as Error).message, 200))}); it may be truncated`);
    }
  }

  async #httpFailure(request: PreparedRequest, response: Response, media: string): Promise<Outcome> {
    const status = response.status;
    const body = await readBody(response.body, ERROR_BODY_LIMIT);
    const text = this.#scrub(decodeUtf8(body.bytes));
    const envelope = body.truncated ? undefined : parseEnvelope(text);
    const plain = oneLine(textOfBody(text, media), 500);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return {
      kind: 'failed',
      status,
      retryable: isRetryableStatus(request.method, status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      error: (attempts) =>
        new DssApiError({
          method: request.method,
          path: request.displayPath,
          status,
          errorType: envelope?.errorType,
          dssMessage: envelope === undefined ? (plain === '' ? undefined : plain) : envelope.message,
          detailedMessage: envelope?.detailedMessage,
          responseBody: text.length > KEPT_BODY_CHARS ? `${text.slice(0, KEPT_BODY_CHARS - 1)}…` : text,
          attempts,
        }),
    };
  }

  #emit(event: DssRequestEvent): void {
    if (this.#onRequest === undefined) return;
    try {
      this.#onRequest(event);
    } catch {
      // A logging callback must not break a request.
    }
  }

  /** Remove every form of the API key from text that came from the server or the network stack. */
  #scrub(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join('[redacted]');
    return result;
  }

  /** The request path relative to the host, as errors and events show it. */
  #displayPath(relative: string, searchParams: URLSearchParams): string {
    const query = searchParams.toString();
    return this.#scrub(`${this.#config.basePath}/${relative}${query === '' ? '' : `?${query}`}`);
  }

  /** Send a request and check the shape of what came back. */
  async #checked(
    method: DssMethod,
    path: string,
    check: (value: unknown) => string | undefined,
    options: DssRequestOptions = {},
  ): Promise<unknown> {
    const value = await this.request(method, path, options);
    const problem = check(value);
    if (problem !== undefined) {
      throw new DssResponseError({ method, path: this.#displayPath(path, buildSearchParams(options.query)), problem });
    }
    return value;
  }

  async #getShaped(path: string, check: (value: unknown) => string | undefined, signal?: AbortSignal): Promise<unknown> {
    return this.#checked('GET', path, check, signal === undefined ? {} : { signal });
  }

  async #getObject(path: string, shape: Shape, signal?: AbortSignal): Promise<JsonObject> {
    return (await this.#getShaped(path, (value) => shapeProblem(value, shape), signal)) as JsonObject;
  }

  async #getNames(path: string, shape: Shape, field: string, signal?: AbortSignal): Promise<string[]> {
    const list = (await this.#getShaped(path, (value) => listProblem(value, shape), signal)) as readonly JsonObject[];
    return list.map((item) => item[field] as string);
  }

  /** `GET /projects/` → the project keys. */
  async listProjectKeys(signal?: AbortSignal): Promise<string[]> {
    return this.#getNames('projects/', PROJECT_LIST_ITEM, 'projectKey', signal);
  }

  /** `GET /projects/{k}/metadata`: label (display name), description, shortDesc, tags, checklists… */
  async getProjectMetadata(projectKey: string, signal?: AbortSignal): Promise<ProjectMetadata> {
    return this.#getObject(dssPath`projects/${projectKey}/metadata`, PROJECT_METADATA, signal);
  }

  /** `PUT /projects/{k}/metadata` with the whole (modified) metadata object. */
  async setProjectMetadata(projectKey: string, metadata: ProjectMetadata): Promise<void> {
    await this.request('PUT', dssPath`projects/${projectKey}/metadata`, { json: metadata, responseType: 'none' });
  }

  /** `GET /projects/{k}/settings`: technical settings (code envs, containers, clusters, exposed objects…). */
  async getProjectSettings(projectKey: string, signal?: AbortSignal): Promise<ProjectSettings> {
    return this.#getObject(dssPath`projects/${projectKey}/settings`, PROJECT_SETTINGS, signal);
  }

  /** `PUT /projects/{k}/settings` with the whole (modified) settings object. */
  async setProjectSettings(projectKey: string, settings: ProjectSettings): Promise<void> {
    await this.request('PUT', dssPath`projects/${projectKey}/settings`, { json: settings, responseType: 'none' });
  }

  /** `GET /projects/{k}/variables/` → `{standard, local}`. */
  async getProjectVariables(projectKey: string, signal?: AbortSignal): Promise<ProjectVariables> {
    return (await this.#getObject(dssPath`projects/${projectKey}/variables/`, PROJECT_VARIABLES, signal)) as unknown as ProjectVariables;
  }

  /** `PUT /projects/{k}/variables/` with both scopes. */
  async setProjectVariables(projectKey: string, variables: ProjectVariables): Promise<void> {
    await this.request('PUT', dssPath`projects/${projectKey}/variables/`, { json: variables, responseType: 'none' });
  }

  /** `POST /projects/` with the body the Python client sends (explicit nulls, empty permissions). */
  async createProject(project: ProjectCreation): Promise<void> {
    const json = {
      projectKey: project.projectKey,
      name: project.name,
      owner: project.owner,
      settings: null,
      description: project.description ?? null,
      permissions: [],
      tags: project.tags ?? [],
    };
    await this.request('POST', 'projects/', { json, responseType: 'none' });
  }

  /** `DELETE /projects/{k}` and wait for DSS to finish (`wait=true`); managed data is kept unless asked. */
  async deleteProject(projectKey: string, options: { readonly clearManagedDatasets?: boolean } = {}): Promise<void> {
    const query = {
      clearManagedDatasets: options.clearManagedDatasets ?? false,
      clearOutputManagedFolders: false,
      clearJobAndScenarioLogs: true,
      wait: true,
    };
    await this.request('DELETE', dssPath`projects/${projectKey}`, { query, responseType: 'none' });
  }

  /** `GET /projects/{k}/datasets/` → the dataset names (the list is only used for names: contract decision 2). */
  async listDatasetNames(projectKey: string, signal?: AbortSignal): Promise<string[]> {
    return this.#getNames(dssPath`projects/${projectKey}/datasets/`, NAMED_LIST_ITEM, 'name', signal);
  }

  /** `GET /projects/{k}/datasets/{d}`: the authoritative dataset definition. */
  async getDataset(projectKey: string, name: string, signal?: AbortSignal): Promise<DatasetDefinition> {
    return (await this.#getObject(dssPath`projects/${projectKey}/datasets/${name}`, DATASET_DEFINITION, signal)) as DatasetDefinition;
  }

  /** `POST /projects/{k}/datasets/`; `projectKey` is set in the body. */
  async createDataset(projectKey: string, body: DatasetCreation): Promise<void> {
    await this.request('POST', dssPath`projects/${projectKey}/datasets/`, { json: { ...body, projectKey }, responseType: 'none' });
  }

  /** `PUT /projects/{k}/datasets/{d}` with the whole definition. */
  async putDataset(projectKey: string, name: string, definition: DatasetDefinition): Promise<void> {
    await this.request('PUT', dssPath`projects/${projectKey}/datasets/${name}`, { json: definition, responseType: 'none' });
  }

  /** `DELETE /projects/{k}/datasets/{d}?dropData=false` (or `true`). */
  async deleteDataset(projectKey: string, name: string, options: { readonly dropData?: boolean } = {}): Promise<void> {
    await this.request('DELETE', dssPath`projects/${projectKey}/datasets/${name}`, {
      query: { dropData: options.dropData ?? false },
      responseType: 'none',
    });
  }

  /** `GET /projects/{k}/recipes/` → the recipe names. */
  async listRecipeNames(projectKey: string, signal?: AbortSignal): Promise<string[]> {
    return this.#getNames(dssPath`projects/${projectKey}/recipes/`, NAMED_LIST_ITEM, 'name', signal);
  }

  /** `GET /projects/{k}/recipes/{r}` → `{recipe, payload}`. */
  async getRecipe(projectKey: string, name: string, signal?: AbortSignal): Promise<RecipeDocument> {
    return (await this.#getObject(dssPath`projects/${projectKey}/recipes/${name}`, RECIPE_DOCUMENT, signal)) as unknown as RecipeDocument;
  }

  /** `POST /projects/{k}/recipes/` with `{recipePrototype, creationSettings}` → the name DSS created. */
  async createRecipe(projectKey: string, prototype: RecipePrototype, creationSettings: JsonObject): Promise<string> {
    const json = { recipePrototype: { ...prototype, projectKey }, creationSettings };
    const created = await this.#checked('POST', dssPath`projects/${projectKey}/recipes/`, (value) => shapeProblem(value, RECIPE_CREATED), { json });
    return (created as { name: string }).name;
  }

  /** `PUT /projects/{k}/recipes/{r}` with the whole `{recipe, payload}` document. */
  async putRecipe(projectKey: string, name: string, document: RecipeDocument): Promise<void> {
    await this.request('PUT', dssPath`projects/${projectKey}/recipes/${name}`, { json: document, responseType: 'none' });
  }

  /** `DELETE /projects/{k}/recipes/{r}`. */
  async deleteRecipe(projectKey: string, name: string): Promise<void> {
    await this.request('DELETE', dssPath`projects/${projectKey}/recipes/${name}`, { responseType: 'none' });
  }

  /** `GET /auth/info?withSecrets=false`: a cheap connectivity and credentials check. */
  async getAuthInfo(signal?: AbortSignal): Promise<JsonObject> {
    const options = { query: { withSecrets: false }, ...(signal === undefined ? {} : { signal }) };
    return (await this.#checked('GET', 'auth/info', (value) => shapeProblem(value, ANY_OBJECT), options)) as JsonObject;
  }
}
