import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

type ChildAnswer = Record<string, unknown> & { error?: string; message?: string };

/** A process running state-child.mjs on the built package. */
export interface StateChild {
  readonly pid: number;
  /** Send one command and wait for its answer. */
  send(command: Record<string, unknown>): Promise<ChildAnswer>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  readonly process: ChildProcess;
}

const SCRIPT = fileURLToPath(new URL('./state-child.mjs', import.meta.url));

export async function startChild(url: string, schema: string, environment: string, lockTimeoutMs = 0): Promise<StateChild> {
  const child = spawn(process.execPath, [SCRIPT, url, schema, environment, String(lockTimeoutMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const waiting: ((answer: ChildAnswer) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(JSON.parse(line) as ChildAnswer));
  const next = (): Promise<ChildAnswer> => new Promise((resolve) => waiting.push(resolve));
  const ready = await Promise.race([next(), exited.then((): ChildAnswer => ({ error: 'EXITED' }))]);
  if (ready.error !== undefined) throw new Error('the child process exited before it was ready');
  return {
    pid: child.pid as number,
    process: child,
    exited,
    send(command) {
      const answer = next();
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return answer;
    },
  };
}
