import { runCli } from '@dataiku-iac/manager';

/**
 * A `dataiku-iac` command of a benchmark's set-up (not measured), run in this process; its output
 * is kept for the error when the exit code is not `expectedCode`.
 */
export async function setUpCli(argv: readonly string[], cwd: string, env: Record<string, string>, expectedCode = 0): Promise<void> {
  let output = '';
  const stream = { write: (text: string) => (output += text) };
  const code = await runCli(argv, { stdout: stream, stderr: stream, env, cwd });
  if (code !== expectedCode) throw new Error(`bench set-up: dataiku-iac ${argv.join(' ')} exited ${code}, expected ${expectedCode}: ${output}`);
}
