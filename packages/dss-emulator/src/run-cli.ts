import { parseArgs } from 'node:util';
import { DEFAULT_API_KEY } from './create-emulator.js';
import type { UnknownProjectsMode } from './dispatch.js';
import { startEmulatorServer } from './server.js';

export const CLI_USAGE = `Usage: dataiku-iac-emulator [options]   (in this repository: pnpm -s emulator [options])

Serves an emulated Dataiku DSS public API on a loopback port, under /public/api and /dip/publicapi.
Prints "LISTENING <url>" once ready and serves until SIGINT or SIGTERM.

Options:
  --port N        port to listen on (default 0: any free port)
  --api-key K     the accepted API key (default ${DEFAULT_API_KEY})
  --latency MS    delay added to every request, in milliseconds (default 0)
  --seed NAME     initial content: demo, empty or synthetic (default demo)
  --unknown-projects MODE
                  answer requests about a project that does not exist with not-found
                  (404, default) or unauthorized (401, as DSS answers a non-admin key)
  -h, --help      print this help`;

export interface CliIo {
  /** Writes one line to standard output. */
  stdout(line: string): void;
  /** Writes one line to standard error. */
  stderr(line: string): void;
  /** Settles when the emulator should stop (SIGINT / SIGTERM). */
  stopSignal: Promise<unknown>;
}

const SEEDS = ['demo', 'empty', 'synthetic'] as const;
type CliSeed = (typeof SEEDS)[number];
const UNKNOWN_PROJECTS: readonly UnknownProjectsMode[] = ['not-found', 'unauthorized'];

interface CliOptions {
  port: number;
  apiKey: string;
  latencyMs: number;
  seed: CliSeed;
  unknownProjects: UnknownProjectsMode;
}

class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

function parseCliOptions(values: Record<string, string | boolean | undefined>): CliOptions {
  const port = values.port as string | undefined;
  const apiKey = values['api-key'] as string | undefined;
  const latency = values.latency as string | undefined;
  const seed = values.seed as string | undefined;
  const unknownProjects = values['unknown-projects'] as string | undefined;
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)) {
    throw new CliUsageError(`invalid --port '${port}': expected an integer between 0 and 65535`);
  }
  if (apiKey?.trim() === '') throw new CliUsageError('invalid --api-key: must not be empty');
  if (latency !== undefined && !/^\d+(\.\d+)?$/.test(latency)) {
    throw new CliUsageError(`invalid --latency '${latency}': expected a non-negative number of milliseconds`);
  }
  if (seed !== undefined && !(SEEDS as readonly string[]).includes(seed)) {
    throw new CliUsageError(`invalid --seed '${seed}': expected one of ${SEEDS.join(', ')}`);
  }
  if (unknownProjects !== undefined && !(UNKNOWN_PROJECTS as readonly string[]).includes(unknownProjects)) {
    throw new CliUsageError(`invalid --unknown-projects '${unknownProjects}': expected one of ${UNKNOWN_PROJECTS.join(', ')}`);
  }
  return {
    port: port === undefined ? 0 : Number(port),
    apiKey: apiKey ?? DEFAULT_API_KEY,
    latencyMs: latency === undefined ? 0 : Number(latency),
    seed: (seed ?? 'demo') as CliSeed,
    unknownProjects: (unknownProjects ?? 'not-found') as UnknownProjectsMode,
  };
}

/**
 * The emulator command line: parses `argv`, serves until `io.stopSignal` settles, and returns the
 * exit code (0 after a clean stop or `--help`, 1 for bad arguments or a failed start, reported as one
 * line on standard error).
 */
export async function runEmulatorCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'api-key': { type: 'string' },
        latency: { type: 'string' },
        seed: { type: 'string' },
        'unknown-projects': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.stdout(CLI_USAGE);
      return 0;
    }
    options = parseCliOptions(values);
  } catch (error) {
    const firstLine = (error as Error).message.split('\n')[0] ?? '';
    io.stderr(`emulator: ${firstLine.replace(/\.$/, '')} (see --help)`);
    return 1;
  }

  let server;
  try {
    server = await startEmulatorServer(options);
  } catch (error) {
    io.stderr(`emulator: cannot listen on port ${options.port}: ${(error as Error).message}`);
    return 1;
  }
  io.stdout(`LISTENING ${server.url}`);
  await io.stopSignal.catch(() => undefined);
  await server.close();
  return 0;
}
