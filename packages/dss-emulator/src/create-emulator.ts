import { EmulatorOptionsError } from './emulator-options-error.js';
import { createDispatcher, type Dispatch, type UnknownProjectsMode } from './dispatch.js';
import { FaultInjector } from './faults.js';
import { demoInstance } from './fixtures/demo-instance.js';
import { generateSyntheticInstance } from './fixtures/synthetic-instance.js';
import type { EmulatorInstance } from './instance.js';
import { RequestStats } from './stats.js';
import { DssStore } from './store/dss-store.js';
import { type Hold, RequestGate } from './wait.js';

export const DEFAULT_API_KEY = 'emulator-api-key';
export const DEFAULT_DSS_VERSION = '14.3.0';

/** What the store starts with: the demo instance, nothing, the default synthetic instance, or your own. */
export type EmulatorSeed = 'demo' | 'empty' | 'synthetic' | EmulatorInstance;

export interface EmulatorOptions {
  /** The only API key accepted. Default `emulator-api-key`. */
  apiKey?: string;
  /** Default `demo`. */
  seed?: EmulatorSeed;
  /** Delay added to every request before it is answered. Default 0. */
  latencyMs?: number;
  /** Epoch milliseconds for `lastModifiedOn`. Default `Date.now`. */
  clock?: () => number;
  /** The user recorded in version tags and `/auth/info`. Default `admin`. */
  login?: string;
  /** The `DSS-Version` header and `/instance-info` version. Default `14.3.0`. */
  dssVersion?: string;
  /**
   * How project-level requests for an unknown project are answered: `not-found` (404, default) or
   * `unauthorized` (401 `UnauthorizedException: Failed to read project permissions`, as DSS 14
   * answers a non-admin key).
   */
  unknownProjects?: UnknownProjectsMode;
  /** Known connections, name → dataset type of a managed dataset on it. Default `DEFAULT_CONNECTIONS`. */
  connections?: Readonly<Record<string, string>>;
}

const UNKNOWN_PROJECTS_MODES: readonly string[] = ['not-found', 'unauthorized'];

function checkUnknownProjects(mode: UnknownProjectsMode): UnknownProjectsMode {
  if (!UNKNOWN_PROJECTS_MODES.includes(mode)) {
    throw new EmulatorOptionsError(`unknown projects mode '${mode}': expected not-found or unauthorized`);
  }
  return mode;
}

function resolveSeed(seed: EmulatorSeed): EmulatorInstance {
  if (typeof seed !== 'string') return seed;
  switch (seed) {
    case 'demo':
      return demoInstance();
    case 'empty':
      return { projects: [] };
    case 'synthetic':
      return generateSyntheticInstance();
    default:
      throw new EmulatorOptionsError(`unknown emulator seed '${String(seed)}': expected demo, empty, synthetic or an instance`);
  }
}

function checkLatency(latencyMs: number): number {
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new EmulatorOptionsError(`emulator latency ${String(latencyMs)} is not a non-negative number of milliseconds`);
  }
  return latencyMs;
}

/**
 * An emulated DSS: an in-memory store, served by msw handlers (`mswHandlers` from
 * `@dataiku-iac/dss-emulator/msw`) or by a loopback HTTP server (`startEmulatorServer`).
 */
export class DssEmulator {
  readonly apiKey: string;
  readonly dssVersion: string;
  readonly store: DssStore;
  readonly stats = new RequestStats();
  readonly faults = new FaultInjector();
  /** Answers one Fetch request; `undefined` when its path is outside both DSS base paths. */
  readonly handle: Dispatch;
  private readonly seed: EmulatorInstance;
  private readonly gate = new RequestGate();
  private latency: number;
  private unknownProjectsMode: UnknownProjectsMode;

  constructor(options: EmulatorOptions = {}) {
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    if (this.apiKey === '') throw new EmulatorOptionsError('emulator api key is empty');
    this.dssVersion = options.dssVersion ?? DEFAULT_DSS_VERSION;
    this.latency = checkLatency(options.latencyMs ?? 0);
    this.unknownProjectsMode = checkUnknownProjects(options.unknownProjects ?? 'not-found');
    this.store = new DssStore({
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.login ? { login: options.login } : {}),
      ...(options.connections ? { connections: options.connections } : {}),
    });
    this.seed = structuredClone(resolveSeed(options.seed ?? 'demo'));
    this.store.load(this.seed);
    this.handle = createDispatcher({
      store: this.store,
      stats: this.stats,
      faults: this.faults,
      gate: this.gate,
      apiKey: this.apiKey,
      dssVersion: this.dssVersion,
      latencyMs: () => this.latency,
      unknownProjects: () => this.unknownProjectsMode,
    });
  }

  /** Delay added to every request. Throws `EmulatorOptionsError` (code `INVALID_ARGUMENT`) if negative. */
  get latencyMs(): number {
    return this.latency;
  }

  set latencyMs(value: number) {
    this.latency = checkLatency(value);
  }

  /** How unknown projects are answered (see `EmulatorOptions.unknownProjects`); settable at any time. */
  get unknownProjects(): UnknownProjectsMode {
    return this.unknownProjectsMode;
  }

  set unknownProjects(mode: UnknownProjectsMode) {
    this.unknownProjectsMode = checkUnknownProjects(mode);
  }

  /** `Basic base64("<key>:")`, the header our client and the Python client send. */
  get authorization(): string {
    return `Basic ${Buffer.from(`${this.apiKey}:`).toString('base64')}`;
  }

  /** Zeroes the request counters. */
  resetStats(): void {
    this.stats.reset();
  }

  /** Holds every request after it arrives (it counts as in flight) until released. */
  hold(): Hold {
    return this.gate.hold();
  }

  /** Restores the seed content, removes faults and zeroes the counters. Latency, the unknown-projects mode and connections are kept. */
  reset(): void {
    this.store.clear();
    this.store.load(this.seed);
    this.faults.clear();
    this.stats.reset();
  }
}

/** Creates an emulator. Throws `EmulatorOptionsError` (code `INVALID_ARGUMENT`) for invalid options. */
export function createEmulator(options: EmulatorOptions = {}): DssEmulator {
  return new DssEmulator(options);
}
