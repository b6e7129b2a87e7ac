// A separate process using the built package (dist), driven by its parent: one JSON command per
// line on stdin, one JSON answer per line on stdout. See child-process.ts.
import process from 'node:process';
import { createInterface } from 'node:readline';
import { Resource, State } from '@dataiku-iac/models';
import { PostgresBackend } from '../../dist/index.js';

const [url, schema, environment, lockTimeoutMs] = process.argv.slice(2);
const backend = new PostgresBackend({ url, schema, environment, lockTimeoutMs: Number(lockTimeoutMs), onWarning: () => undefined });
const send = (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`);
let state = new State({ environment });

async function perform(command) {
  switch (command.op) {
    case 'load':
      try {
        state = await backend.load();
      } catch (error) {
        if (error.code !== 'STATE_NOT_FOUND') throw error;
        state = new State({ environment });
      }
      return { serial: state.serial };
    case 'add':
      state.addResource(new Resource({ resourceId: command.id, attributes: { pid: process.pid } }));
      return { saved: (await backend.save(state)).serial };
    case 'lock':
      return { locked: (await backend.lock(command.operation)).info };
    default:
      throw new Error(`unknown command ${command.op}`);
  }
}

send({ ready: process.pid });
for await (const line of createInterface({ input: process.stdin })) {
  send(await perform(JSON.parse(line)).catch((error) => ({ error: error.code ?? 'UNKNOWN', message: error.message })));
}
await backend.close();
