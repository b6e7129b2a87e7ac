import { migrateState } from '../../migrate-state.js';
import type { Runner } from '../program.js';

/** `dataiku-iac state migrate --from LOCATION --to LOCATION`: copy a state, keeping lineage and serial. */
export const runStateMigrate: Runner = async (context) => {
  const { from = '', to = '' } = context.options;
  const source = await context.backend(from);
  try {
    const target = await context.backend(to);
    try {
      const saved = await migrateState(source, target);
      const what = `serial ${saved.serial}, lineage ${saved.lineage ?? '(not assigned)'}`;
      context.out.line(saved.written ? `Copied ${source.location} to ${saved.location} (${what}).` : `${saved.location} already holds this state (${what}).`);
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
};
