import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, type ExpectStatic, it, vi } from 'vitest';
import type { FaultSpec } from '@dataiku-iac/dss-emulator';
import { contentOf, fingerprint, listFiles, loadState, withWorkspace } from './helpers.js';

/**
 * A faulty or hostile DSS, through the real CLI code and real HTTP (in-process `runCli` against the
 * loopback emulator). Transient faults are retried and the sync ends with the right content;
 * everything else is one clear error, exit 1, and a state file left byte for byte as it was.
 */

const DATASET = '/projects/CUSTOMER_ANALYTICS/datasets/customers_prepared';
const RECIPE = '/projects/CUSTOMER_ANALYTICS/recipes/compute_customers_prepared';

// Every case has an emulator and a directory of its own: while the retried ones wait out their
// backoff, the others run. (No case here depends on a short --timeout; those run alone, below.)
vi.setConfig({ maxConcurrency: 8 });

/** What a clean sync of the demo instance records, and the file it writes. */
let reference: ReturnType<typeof contentOf>;
let referenceBytes: Buffer;
beforeAll(async () => {
  [reference, referenceBytes] = await withWorkspace(async (workspace) => {
    await workspace.run(['sync']);
    return [contentOf(await loadState(workspace.stateFile)), await readFile(workspace.stateFile)] as const;
  });
});

interface TransientCase {
  readonly fault: FaultSpec & { times: number };
  /** A line of the --verbose log that shows the retry. */
  readonly log: RegExp;
  readonly argv?: readonly string[];
}

const TRANSIENT: Record<string, TransientCase> = {
  '429 with Retry-After: waits what the server asks': {
    fault: { type: 'status', status: 429, retryAfter: 1, path: DATASET, times: 1 },
    log: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/datasets\/customers_prepared 429 \d+ms, retrying in 1000ms$/m,
  },
  '502 twice': {
    fault: { type: 'status', status: 502, path: '/projects/', method: 'GET', times: 2 },
    log: /^GET \/public\/api\/projects\/ 502 \d+ms \(attempt 2\), retrying in \d+ms$/m,
  },
  '503 twice': { fault: { type: 'status', status: 503, path: RECIPE, times: 2 }, log: /compute_customers_prepared 503 \d+ms \(attempt 2\), retrying/ },
  '504 once': { fault: { type: 'status', status: 504, path: /\/metadata$/, times: 1 }, log: /\/metadata 504 \d+ms, retrying/ },
  'an nginx 502 page once': { fault: { type: 'html', status: 502, path: /\/settings$/, times: 1 }, log: /\/settings 502 \d+ms, retrying/ },
  'a dropped connection, twice': {
    fault: { type: 'drop-connection', path: '/projects/SALES_REPORTING/datasets/', times: 2 },
    log: /SALES_REPORTING\/datasets\/ cannot reach .*the connection closed unexpectedly.* \(attempt 2\), retrying in \d+ms$/m,
  },
  'a body cut off (Content-Length)': {
    fault: { type: 'truncated-json', framing: 'content-length', path: DATASET, times: 1 },
    // The headers said 200; the body then broke off.
    log: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/datasets\/customers_prepared 200 \(.*the connection broke while reading the 200 response.*\) \d+ms, retrying in \d+ms$/m,
  },
  'a body cut off (chunked)': {
    fault: { type: 'truncated-json', framing: 'chunked', path: RECIPE, times: 1 },
    log: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/recipes\/compute_customers_prepared 200 \(.*the connection broke while reading the 200 response.*\) \d+ms, retrying in \d+ms$/m,
  },
};

async function expectRetriedSuccess({ fault, log, argv = [] }: TransientCase, expect: ExpectStatic): Promise<void> {
  await withWorkspace(async (workspace) => {
    const injected = workspace.server.emulator.faults.add(fault);
    const result = await workspace.run(['sync', '--verbose', ...argv]);
    expect(result.stderr).toMatch(log);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Read 3 projects, 9 datasets and 5 recipes from .*\nSaved .*dev\.state\.json \(serial 1\): 17 added/);
    expect(injected.hits).toBe(fault.times);
    expect(contentOf(await loadState(workspace.stateFile))).toEqual(reference);
  });
}

describe('transient faults are retried (bounded, with backoff, honouring Retry-After) and the sync succeeds', () => {
  it.concurrent.for(Object.entries(TRANSIENT))('%s', async ([, testCase], { expect }) => {
    await expectRetriedSuccess(testCase, expect);
  });
});

interface FailureCase {
  readonly fault?: FaultSpec;
  /** The one line on stderr (without "error: " and the newline). */
  readonly error: RegExp;
  readonly argv?: readonly string[];
  /** Point the CLI elsewhere on the emulator's host (a wrong path prefix). */
  readonly hostSuffix?: string;
  /** Default: sync and drift. */
  readonly commands?: readonly string[];
  /** How many requests the fault must have answered after the first command: the bound on retries. */
  readonly hits?: number;
}

const statusFault = (status: number, path: FaultSpec['path'], extra: Partial<FaultSpec> = {}): FaultSpec => ({ type: 'status', status, path, ...extra }) as FaultSpec;

/** Faults that the client retries, persistently: each takes a few seconds of backoff, so they run concurrently. */
const PERSISTENT_RETRIED: Record<string, FailureCase> = {
  'a persistent 503': {
    fault: statusFault(503, DATASET),
    hits: 5,
    error: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/datasets\/customers_prepared failed with 503 Service Unavailable after 5 attempts/,
  },
  'a persistent 429 (Retry-After: 0)': {
    fault: statusFault(429, RECIPE, { retryAfter: 0 }),
    hits: 5,
    error: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/recipes\/compute_customers_prepared failed with 429 Too Many Requests after 5 attempts/,
  },
  'connections dropped every time': {
    fault: { type: 'drop-connection', path: /\/metadata$/ },
    error: /^cannot reach http:\/\/127\.0\.0\.1:\d+: the connection closed unexpectedly .*\(GET \/public\/api\/projects\/[A-Za-z_]+\/metadata, 5 attempts\); check --host/,
  },
  'bodies always cut off': {
    fault: { type: 'truncated-json', path: RECIPE },
    hits: 5,
    error: /^cannot reach http:\/\/127\.0\.0\.1:\d+: the connection broke while reading the 200 response: .*\(GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/recipes\/compute_customers_prepared, 5 attempts\)/,
  },
};

/** Faults that are not retried: one attempt, one error. */
const PERSISTENT: Record<string, FailureCase> = {
  'a 500': { fault: statusFault(500, DATASET), error: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/datasets\/customers_prepared failed with 500 Internal Server Error: DSSInternalErrorException/ },
  'a 500 saying "does not exist" is a failure, not a deletion': {
    fault: statusFault(500, /\/metadata$/, { message: 'Project CUSTOMER_ANALYTICS does not exist' }),
    error: /^GET \/public\/api\/projects\/\w+\/metadata failed with 500 Internal Server Error: .*does not exist/,
  },
  'an HTML page with status 200 (a login page)': {
    fault: { type: 'html', status: 200, path: /\/recipes\/$/ },
    error: /^GET \/public\/api\/projects\/\w+\/recipes\/: expected JSON but got an HTML page \(content type text\/html\): a proxy or login page answered instead of DSS$/,
  },
  'an HTML 500 page': { fault: { type: 'html', status: 500, path: DATASET }, error: /customers_prepared failed with 500 Internal Server Error: 500 Bad Gateway 500 Bad Gateway nginx/ },
  'malformed JSON': {
    fault: { type: 'malformed-json', path: DATASET },
    error: /customers_prepared: the response body is not valid JSON \(.*\); it may be truncated$/,
  },
  'JSON cut off by the server itself (no network error)': {
    fault: { type: 'malformed-json', body: '{"name": "customers_prepared", "type": "Files', path: DATASET },
    error: /customers_prepared: the response body is not valid JSON \(.*\); it may be truncated$/,
  },
  'a wrong content type (text/plain)': {
    fault: { type: 'wrong-content-type', path: RECIPE },
    error: /compute_customers_prepared: expected JSON but got content type "text\/plain"$/,
  },
  'a wrong content type (application/xml)': {
    fault: { type: 'wrong-content-type', contentType: 'application/xml', path: /\/settings$/ },
    error: /settings: expected JSON but got content type "application\/xml"$/,
  },
  'a dataset whose name is a number': { fault: { type: 'unexpected-shape', path: DATASET }, error: /customers_prepared: expected "name" to be a string, got number$/ },
  'a dataset without a type': {
    fault: { type: 'unexpected-shape', body: { name: 'customers_prepared', params: {} }, path: DATASET },
    error: /customers_prepared: expected "type" to be a string, got nothing$/,
  },
  'a dataset whose tags are a string': {
    fault: { type: 'unexpected-shape', body: { name: 'customers_prepared', type: 'Filesystem', tags: 'a,b' }, path: DATASET },
    error: /customers_prepared: expected "tags" to be an array, got string$/,
  },
  'a recipe whose payload is a number': {
    fault: { type: 'unexpected-shape', body: { recipe: { name: 'compute_customers_prepared', type: 'python' }, payload: 42 }, path: RECIPE },
    error: /compute_customers_prepared: expected "payload" to be a string, got number$/,
  },
  'a recipe without its recipe object': {
    fault: { type: 'unexpected-shape', body: { payload: 'print(1)' }, path: RECIPE },
    error: /compute_customers_prepared: expected "recipe" to be an object, got nothing$/,
  },
  'project metadata that is null': { fault: { type: 'unexpected-shape', body: null, path: /\/metadata$/ }, error: /metadata: expected a JSON object, got null$/ },
  'a project list that is an object': {
    fault: { type: 'unexpected-shape', body: { items: [] }, path: '/projects/', method: 'GET' },
    argv: ['--all'],
    error: /^GET \/public\/api\/projects\/: expected a JSON array, got object$/,
  },
  'a dataset list whose items have no name': {
    fault: { type: 'unexpected-shape', body: [{ type: 'Filesystem' }], path: /\/datasets\/$/ },
    error: /datasets\/: expected "\[0\]\.name" to be a string, got nothing$/,
  },
  'a dataset list of numbers': { fault: { type: 'unexpected-shape', body: [1, 2], path: /\/datasets\/$/ }, error: /datasets\/: expected "\[0\]" to be an object, got number$/ },
  'a response over 64 MiB': {
    commands: ['sync'],
    fault: { type: 'large-response', bytes: 64 * 1024 * 1024 + 4096, path: /\/datasets\/$/ },
    error: /datasets\/: the response body is \d+ bytes, more than maxResponseBytes \(67108864\)$/,
  },
  'a 401 on project metadata is not "deleted"': {
    fault: statusFault(401, /\/metadata$/),
    error: /metadata failed with 401 Unauthorized: .*check DATAIKU_API_KEY/,
  },
  'a 403 on project settings is not "deleted"': { fault: statusFault(403, /\/settings$/), error: /settings failed with 403 Forbidden/ },
  'a 403 on a dataset list is not "no datasets"': { fault: statusFault(403, /\/datasets\/$/), error: /datasets\/ failed with 403 Forbidden/ },
  'a 401 on one dataset is not "deleted"': { fault: statusFault(401, DATASET), error: /customers_prepared failed with 401 Unauthorized/ },
  'a 403 on the project list (--all)': { fault: statusFault(403, '/projects/', { method: 'GET' }), argv: ['--all'], error: /^GET \/public\/api\/projects\/ failed with 403 Forbidden/ },
  'a wrong API key': { fault: statusFault(401, /./), error: /failed with 401 Unauthorized: .*check DATAIKU_API_KEY/ },
  'a wrong host path: 404 for everything is not "every project was deleted"': {
    hostSuffix: '/not-dss',
    error: /^GET \/public\/api\/projects\/ failed with 404 Not Found: .*; refusing to remove projects CUSTOMER_ANALYTICS, SALES_REPORTING, sandbox_lab from the state: DSS answered "not found" for them/,
  },
};

async function expectCleanFailure(testCase: FailureCase, expect: ExpectStatic): Promise<void> {
  await withWorkspace(async (workspace) => {
    // The state a clean sync of this (demo) instance writes.
    await mkdir(dirname(workspace.stateFile), { recursive: true });
    await writeFile(workspace.stateFile, referenceBytes, { mode: 0o600 });
    const before = await fingerprint(workspace.stateFile);
    const filesBefore = await listFiles(workspace.directory);
    const injected = testCase.fault === undefined ? undefined : workspace.server.emulator.faults.add(testCase.fault);
    const env = testCase.hostSuffix === undefined ? {} : { DATAIKU_HOST: `${workspace.connection.url}${testCase.hostSuffix}` };
    for (const command of testCase.commands ?? ['sync', 'drift']) {
      const result = await workspace.run([command, ...(testCase.argv ?? [])], env);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
      expect(result.stderr.slice('error: '.length, -1)).toMatch(testCase.error);
      expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
      expect(result.code).toBe(1);
      if (testCase.hits !== undefined && command === 'sync') expect(injected?.hits, result.stderr).toBe(testCase.hits);
    }
    expect(await fingerprint(workspace.stateFile)).toEqual(before);
    expect(await listFiles(workspace.directory)).toEqual(filesBefore);
    expect(existsSync(`${workspace.stateFile}.lock`)).toBe(false);
  });
}

describe('persistent faults: one clear error, exit 1, the state file byte-identical', () => {
  it.concurrent.for(Object.entries(PERSISTENT_RETRIED))('%s (retried, then given up)', async ([, testCase], { expect }) => {
    await expectCleanFailure({ ...testCase, commands: ['sync'] }, expect);
  });

  it.concurrent.for(Object.entries(PERSISTENT))('%s', async ([, testCase], { expect }) => {
    await expectCleanFailure(testCase, expect);
  });
});

// Alone, not among concurrent cases: a short --timeout must only be missed by the request the emulator delays.
describe('timeouts', () => {
  it('a request that times out once is retried and the sync succeeds', async () => {
    await expectRetriedSuccess(
      { fault: { type: 'slow', delayMs: 10_000, path: DATASET, times: 1 }, argv: ['--timeout', '1s'], log: /customers_prepared .*timed out after 1000 ms.*, retrying in \d+ms$/m },
      expect,
    );
  });

  it('a request that always times out: given up after 5 attempts, one clear error', async () => {
    await expectCleanFailure(
      {
        fault: { type: 'slow', delayMs: 10_000, path: DATASET },
        argv: ['--timeout', '300ms'],
        commands: ['sync'],
        error: /^GET \/public\/api\/projects\/CUSTOMER_ANALYTICS\/datasets\/customers_prepared timed out after 300 ms \(5 attempts\); check --host/,
      },
      expect,
    );
  });
});
