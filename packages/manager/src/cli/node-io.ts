import { createInterface } from 'node:readline/promises';
import type { CliIo } from './cli-io.js';

/** The real process: its streams, environment and directory; SIGINT/SIGTERM abort the command. */
export function nodeIo(): CliIo {
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C does not wait
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  keepGoingWhenReaderLeaves(process.stdout);
  keepGoingWhenReaderLeaves(process.stderr);
  const ask = async (question: string): Promise<string> => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await terminal.question(question, { signal: controller.signal });
    } finally {
      terminal.close();
    }
  };
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    ...(process.stdin.isTTY ? { ask } : {}),
  };
}

/**
 * When whoever reads the output goes away (`dataiku-iac plan | head`), the next write fails with
 * EPIPE. Unhandled, that error would kill the process with a stack trace, possibly in the middle of
 * an apply. Instead, the rest of the output is dropped and the command runs to its end, with its
 * own exit code. Any other stream error is still thrown.
 */
function keepGoingWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
