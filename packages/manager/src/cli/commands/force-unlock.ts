import type { CommandContext } from '../command-context.js';

/** `dataiku-iac force-unlock ID`: remove the lock with this id. */
export async function runForceUnlock(context: CommandContext): Promise<number> {
  const [id = ''] = context.options.args;
  const backend = context.backend();
  await backend.forceUnlock(id);
  context.out.line(`Lock ${id} removed from ${backend.lockFile}.`);
  return 0;
}
