import { createEmulator, type DssEmulator, type ProjectSeed } from '@dataiku-iac/dss-emulator';
import { mswHandlers } from '@dataiku-iac/dss-emulator/msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { API_KEY } from './keys.js';

export interface EmulatedDss {
  /** The emulator behind `DSS_HOST` (any host, in fact): faults, modes, stats, its store. */
  readonly emulator: DssEmulator;
  /** The msw server, for the few exact responses a test needs (`server.use(...)` takes precedence). */
  readonly server: SetupServer;
  /** Replaces the whole content of DSS with these projects. */
  seed(projects: ProjectSeed[]): void;
}

/**
 * The DSS of a test file: the `@dataiku-iac/dss-emulator` served by msw, accepting `API_KEY`,
 * empty until `seed()`. After each test, handlers added with `server.use` are dropped and the
 * emulator is reset (empty again, no faults, counters zeroed, unknown projects answered 404).
 */
export function useEmulatedDss(): EmulatedDss {
  const emulator = createEmulator({ apiKey: API_KEY, seed: 'empty' });
  const server = setupServer(...mswHandlers(emulator));
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
    emulator.reset();
    emulator.unknownProjects = 'not-found';
  });
  afterAll(() => {
    server.close();
  });
  return {
    emulator,
    server,
    seed(projects) {
      emulator.store.clear();
      emulator.store.load({ projects });
    },
  };
}
