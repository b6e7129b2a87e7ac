import type { Runner } from '../program.js';
import { UsageError } from '../usage-error.js';

/** `dataiku-iac state restore SERIAL`: make a kept version current again, as a new serial. */
export const runStateRestore: Runner = async (context, [text = '']) => {
  if (!/^\d{1,15}$/.test(text)) throw new UsageError(`state restore takes a serial (a whole number, as state history lists it), not ${JSON.stringify(text)}`);
  const manager = await context.manager({ readsDss: false });
  try {
    const lockTimeoutMs = context.lockTimeoutMs;
    const saved = await manager.restore(Number(text), lockTimeoutMs === undefined ? {} : { lockTimeoutMs });
    context.out.line(
      saved.written
        ? `Restored serial ${text} of ${saved.location} as serial ${saved.serial}.`
        : `Serial ${text} equals the current state of ${saved.location} (serial ${saved.serial}): nothing to restore.`,
    );
    return 0;
  } finally {
    await manager.close();
  }
};
