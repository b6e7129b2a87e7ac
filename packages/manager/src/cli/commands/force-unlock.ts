import type { Runner } from '../program.js';

/** `dataiku-iac force-unlock ID`: remove the lock with this id. */
export const runForceUnlock: Runner = async (context, [id = '']) => {
  const manager = await context.manager({ readsDss: false });
  try {
    await manager.forceUnlock(id);
    context.out.line(`Lock ${id} of ${manager.backend.location} removed.`);
    return 0;
  } finally {
    await manager.close();
  }
};
