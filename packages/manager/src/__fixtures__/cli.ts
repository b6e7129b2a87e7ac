import type { CliIo } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';
import { API_KEY, DSS_HOST } from './dss.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly stdoutIsTerminal?: boolean;
  readonly stderrIsTerminal?: boolean;
  readonly signal?: AbortSignal;
  /** Answers the questions the command asks; without it, stdin is not a terminal. */
  readonly ask?: (question: string) => Promise<string>;
}

/** Run the CLI in-process against the DSS emulator, in `cwd`, capturing its output. */
export async function cli(cwd: string, argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.stdoutIsTerminal ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.stderrIsTerminal ?? false },
    env: { DATAIKU_HOST: DSS_HOST, DATAIKU_API_KEY: API_KEY, ...options.env },
    cwd,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.ask === undefined ? {} : { ask: options.ask }),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
