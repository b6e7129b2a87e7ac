import { execFile } from 'node:child_process';

export interface ChildFigures {
  readonly ms: number;
  readonly maxRssBytes: number;
}

/** One operation of bench-child.ts in a new process: `node <child> <operation> <args…>`. */
export async function runChild(child: string, operation: string, ...args: readonly string[]): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [child, operation, ...args], { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`bench ${operation} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as ChildFigures);
    });
  });
}
