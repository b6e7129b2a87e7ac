import http from 'node:http';
import { readFileSync } from 'node:fs';

/**
 * The floor of a network benchmark on this machine: `node minimal-client.js URL API_KEY CONCURRENCY
 * PATHS_FILE` sends the GETs listed in PATHS_FILE (a JSON array of paths) over kept-alive
 * connections, at most CONCURRENCY at once, parses each JSON answer and exits. Nothing else: no
 * state, no configuration, no ky, no retries. What it takes beyond requests × latency / concurrency
 * is Node's start-up, the loopback and the emulator's own timing, which no client can avoid.
 */
const [url = '', apiKey = '', concurrency = '10', pathsFile = ''] = process.argv.slice(2);
const paths = JSON.parse(readFileSync(pathsFile, 'utf8')) as string[];
const agent = new http.Agent({ keepAlive: true });
const headers = { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`, accept: 'application/json' };

function get(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, url), { agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`minimal client: GET ${path} answered ${String(response.statusCode)}`));
          else {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve();
          }
        });
      })
      .on('error', reject);
  });
}

let next = 0;
async function lane(): Promise<void> {
  while (next < paths.length) await get(paths[next++] as string);
}

await Promise.all(Array.from({ length: Number(concurrency) }, lane));
agent.destroy();
