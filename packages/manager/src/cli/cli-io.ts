/** What the CLI talks to; `nodeIo()` in production, captured streams in tests. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT / SIGTERM. */
  readonly signal?: AbortSignal;
  /**
   * Asks a question on the terminal and resolves with the answer; absent when standard input is
   * not a terminal (nobody can answer: commands that need a confirmation refuse instead).
   */
  readonly ask?: (question: string) => Promise<string>;
}

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}
