import { setMaxListeners } from 'node:events';
import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import { type JsonObject, oneLine } from '@dataiku-iac/models';
import { describeAttemptFailure } from './attempt-failure.js';
import { asBuffered, type BufferedFetch, type BufferedResponse, createBufferedFetch } from './buffered-fetch.js';
import { DssResponseError } from './errors/dss-response-error.js';
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
import { isJsonMedia, mediaType } from './media-type.js';
import { decodeUtf8 } from './read-body.js';
import { RequestAttempts } from './request-attempts.js';
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
import { type HttpMethod, RETRY_STATUS_CODES } from './retry-policy.js';
import { Semaphore } from './semaphore.js';

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

type Interpretation = { readonly value: unknown } | { readonly problem: string };

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

/**
 * The DSS public REST API client (contract `dss-api.md`), built on ky.
 *
 * Sends `Authorization: Basic base64("<key>:")`, lets ky retry idempotent requests on
 * 429/502/503/504, network errors and timeouts (POST only on 429) with exponential backoff that
 * honours `Retry-After`, keeps at most `concurrency` attempts in flight, and never puts the API key
 * into an error, an event or its own inspectable state.
 */
export class DssClient {
  /** The DSS URL (origin and optional path prefix), without credentials or a trailing slash. */
  readonly host: string;
  readonly #config: ResolvedConfig;
  readonly #ky: KyInstance;
  readonly #fetch: BufferedFetch;
  readonly #semaphore: Semaphore;
  readonly #secrets: readonly string[];
  readonly #onRequest: ((event: DssRequestEvent) => void) | undefined;
  readonly #stats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  /** Whether DSS (or whatever serves the host URL) has answered once: then its scheme is right. */
  #answered = false;

  /** Requests (attempts) in flight at most. */
  get concurrency(): number {
    return this.#config.concurrency;
  }

  /** @throws DssConfigError (CONFIG_INVALID) when the host or key is missing, the host is not an http(s) URL, an option is out of range or `caFile` cannot be read */
  constructor(options: DssClientOptions = {}) {
    const config = resolveConfig(options);
    this.#config = config;
    this.host = config.host;
    this.#onRequest = options.onRequest;
    this.#semaphore = new Semaphore(config.concurrency);
    this.#fetch = createBufferedFetch({ maxResponseBytes: config.maxResponseBytes, tls: config.tls });
    const basicToken = Buffer.from(`${config.apiKey}:`).toString('base64');
    this.#secrets = [basicToken, Buffer.from(config.apiKey).toString('base64'), config.apiKey].filter((secret) => secret.length > 0);
    const kyOptions: KyOptions = {
      prefixUrl: config.prefixUrl,
      timeout: config.timeoutMs,
      retry: {
        limit: config.retries,
        // POST is listed for 429 only: RequestAttempts' shouldRetry refuses its other failures.
        methods: ['get', 'put', 'delete', 'post'],
        statusCodes: [...RETRY_STATUS_CODES],
        // Retry-After is honoured on every retried status (RequestAttempts announces the wait it sets).
        afterStatusCodes: [...RETRY_STATUS_CODES],
        maxRetryAfter: config.maxRetryDelayMs,
        backoffLimit: config.maxRetryDelayMs,
        retryOnTimeout: true,
      },
      fetch: this.#fetch,
      headers: {
        authorization: `Basic ${basicToken}`,
        accept: 'application/json',
        'user-agent': `dataiku-iac/${CLIENT_VERSION}`,
      },
    };
    this.#ky = ky.create(kyOptions);
  }

  get stats(): DssClientStats {
    return { ...this.#stats };
  }

  /** Close the connections kept open for the next requests (idle ones close by themselves after 2 s, without keeping the process alive). */
  close(): Promise<void> {
    this.#fetch.close();
    return Promise.resolve();
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
    const displayPath = this.#displayPath(relative, searchParams);
    const { signal } = options;
    signal?.throwIfAborted();
    // One signal usually cancels a whole sync: hundreds of queued and running requests listen to
    // it. That is by design, not a leak, so lift Node's warning threshold for it.
    if (signal !== undefined) setMaxListeners(0, signal);
    const attempts = new RequestAttempts({
      method,
      path: displayPath,
      signal,
      retryDelayMs: this.#config.retryDelayMs,
      maxRetryDelayMs: this.#config.maxRetryDelayMs,
      acquire: async (abort) => this.#acquireSlot(abort),
      describe: (error) => {
        const context = { method, path: displayPath, host: this.host, timeoutMs: this.#config.timeoutMs, schemeProven: this.#answered };
        const failure = describeAttemptFailure(error, { ...context, scrub: (text) => this.#scrub(text) });
        if (failure.status !== undefined) this.#answered = true;
        return failure;
      },
      emit: (event) => {
        this.#emit(event);
      },
    });
    let response: BufferedResponse;
    try {
      await attempts.firstSlot();
      const answer = await this.#ky(relative, {
        method,
        ...attempts.kyOptions,
        ...(signal === undefined ? {} : { signal }),
        ...(searchParams.size > 0 ? { searchParams } : {}),
        ...(options.json === undefined ? {} : { json: options.json }),
      });
      response = asBuffered(answer);
      this.#answered = true;
    } catch (error) {
      throw attempts.failed(error);
    }
    const interpretation = this.#interpret(response, options.responseType ?? 'json');
    if ('problem' in interpretation) {
      const error = new DssResponseError({ method, path: displayPath, problem: interpretation.problem });
      attempts.answered(response.status, error.message);
      throw error;
    }
    attempts.answered(response.status);
    return interpretation.value;
  }

  async #acquireSlot(signal: AbortSignal | undefined): Promise<() => void> {
    const release = await this.#semaphore.acquire(signal);
    const stats = this.#stats;
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    // Called once per attempt: RequestAttempts forgets a release once it has called it.
    return () => {
      stats.inFlight--;
      release();
    };
  }

  /** Check and parse a 2xx body. */
  #interpret(response: BufferedResponse, responseType: 'json' | 'none'): Interpretation {
    if (response.content.byteLength === 0) return { value: undefined };
    const media = mediaType(response.headers.get('content-type'));
    if (media === 'text/html') return { problem: 'expected JSON but got an HTML page (content type text/html): a proxy or login page answered instead of DSS' };
    if (responseType === 'none') return { value: undefined };
    if (!isJsonMedia(media)) return { problem: `expected JSON but got content type ${JSON.stringify(media)}` };
    try {
      return { value: JSON.parse(decodeUtf8(response.content)) as unknown };
    } catch (error) {
      return { problem: `the response body is not valid JSON (${this.#scrub(oneLine((error as Error).message, 200))}); it may be truncated` };
    }
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
