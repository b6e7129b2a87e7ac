import { EmulatorOptionsError } from './emulator-options-error.js';

/**
 * What an injected fault does instead of (or on top of) the normal answer.
 *
 * | type | effect | msw mode | server mode |
 * |---|---|---|---|
 * | `status` | status + JSON error envelope (+ `Retry-After`) | yes | yes |
 * | `html` | an HTML error page (`text/html`), 502 by default | yes | yes |
 * | `malformed-json` | invalid JSON with `application/json`, 200 by default | yes | yes |
 * | `truncated-json` | the normal answer cut in half, then the connection fails | body stream errors | socket closed mid-body |
 * | `wrong-content-type` | the normal answer as `text/plain` | yes | yes |
 * | `unexpected-shape` | a well-formed JSON body of the wrong shape, `{"name": 42}` by default | yes | yes |
 * | `large-response` | a valid JSON array of about `bytes` bytes (5 MiB by default) | yes | yes |
 * | `drop-connection` | no answer at all | `HttpResponse.error()` (network error) | socket destroyed |
 * | `slow` | waits `delayMs`, then the normal answer | yes | yes |
 */
export type FaultKind =
  | { type: 'status'; status: number; errorType?: string; message?: string; retryAfter?: number | string }
  | { type: 'html'; status?: number; body?: string }
  | { type: 'malformed-json'; status?: number; body?: string }
  | { type: 'truncated-json'; framing?: 'content-length' | 'chunked' }
  | { type: 'wrong-content-type'; contentType?: string }
  | { type: 'unexpected-shape'; status?: number; body?: unknown }
  | { type: 'large-response'; bytes?: number }
  | { type: 'drop-connection' }
  | { type: 'slow'; delayMs: number };

/** Which requests a fault applies to, and how many times. */
export interface FaultMatcher {
  /** HTTP method, case-insensitive. Any method when absent. */
  method?: string;
  /**
   * The raw request path without the base path and query, e.g. `/projects/P/datasets/d`. A string
   * must be equal; a RegExp must match. Any path when absent.
   */
  path?: string | RegExp;
  /** How many matching requests fail; forever when absent. */
  times?: number;
}

export type FaultSpec = FaultKind & FaultMatcher;

/** A fault registered with `FaultInjector.add`. */
export interface InjectedFault {
  readonly id: number;
  readonly spec: FaultSpec;
  /** How many requests this fault has hit. */
  readonly hits: number;
  /** Hits left before the fault retires; `undefined` for a permanent fault. */
  readonly remaining: number | undefined;
}

class FaultRecord implements InjectedFault {
  readonly id: number;
  readonly spec: FaultSpec;
  hits = 0;

  constructor(id: number, spec: FaultSpec) {
    this.id = id;
    this.spec = spec;
  }

  get remaining(): number | undefined {
    return this.spec.times === undefined ? undefined : this.spec.times - this.hits;
  }

  matches(method: string, path: string): boolean {
    const { method: wanted, path: pattern } = this.spec;
    if (wanted !== undefined && wanted.toUpperCase() !== method.toUpperCase()) return false;
    if (pattern === undefined) return true;
    if (typeof pattern === 'string') return pattern === path;
    pattern.lastIndex = 0;
    return pattern.test(path);
  }
}

function validateStatus(status: number | undefined): void {
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new EmulatorOptionsError(`fault status ${String(status)} is not an HTTP status between 200 and 599`);
  }
}

function validate(spec: FaultSpec): void {
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) {
    throw new EmulatorOptionsError(`fault times ${String(spec.times)} is not a positive integer`);
  }
  switch (spec.type) {
    case 'status':
    case 'html':
    case 'malformed-json':
    case 'unexpected-shape':
      validateStatus(spec.status);
      break;
    case 'large-response':
      if (spec.bytes !== undefined && !(Number.isInteger(spec.bytes) && spec.bytes > 0)) {
        throw new EmulatorOptionsError(`fault bytes ${String(spec.bytes)} is not a positive integer`);
      }
      break;
    case 'slow':
      if (!(Number.isFinite(spec.delayMs) && spec.delayMs >= 0)) {
        throw new EmulatorOptionsError(`fault delayMs ${String(spec.delayMs)} is not a non-negative number`);
      }
      break;
    default:
      break;
  }
}

/**
 * Faults to inject into matching requests. The first registered fault that matches a request wins;
 * a fault with `times` retires after that many hits.
 */
export class FaultInjector {
  private faults: FaultRecord[] = [];
  private nextId = 1;

  /** Registers a fault. Throws `EmulatorOptionsError` (code `INVALID_ARGUMENT`) for an invalid spec. */
  add(spec: FaultSpec): InjectedFault {
    validate(spec);
    const record = new FaultRecord(this.nextId, spec);
    this.nextId += 1;
    this.faults.push(record);
    return record;
  }

  /** Removes a fault; false if it had already retired or been removed. */
  remove(fault: InjectedFault): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((record) => record.id !== fault.id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** Faults that can still hit, in matching order. */
  get active(): readonly InjectedFault[] {
    return [...this.faults];
  }

  /** @internal The fault to apply to this request, counting the hit. */
  take(method: string, path: string): FaultKind | undefined {
    const record = this.faults.find((candidate) => candidate.matches(method, path));
    if (record === undefined) return undefined;
    record.hits += 1;
    if (record.remaining === 0) this.remove(record);
    return record.spec;
  }
}
