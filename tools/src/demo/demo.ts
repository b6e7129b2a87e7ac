import { runDemo } from './run-demo.js';

try {
  await runDemo(process.stdout);
} catch (error) {
  process.stderr.write(`error: demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
