import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an emulator command (`node <script> ...args`). `onListening` gets the URL of its first stdout
 * line (`LISTENING <url>`); the process then gets SIGTERM. Resolves when it has exited.
 */
export function runEmulatorProcess(script: string, args: readonly string[], onListening?: (url: string) => Promise<void>): Promise<Finished> {
  if (!existsSync(script)) throw new Error(`${script} is missing: run pnpm build first`);
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  let first = true;
  lines.on('line', (line) => {
    stdout += `${line}\n`;
    if (!first || onListening === undefined) return;
    first = false;
    const url = /^LISTENING (\S+)$/.exec(line)?.[1];
    void (url === undefined ? Promise.resolve() : onListening(url)).finally(() => child.kill('SIGTERM'));
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}
