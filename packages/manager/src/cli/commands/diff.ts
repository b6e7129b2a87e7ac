import { DiffEngine } from '@dataiku-iac/diff';
import type { Runner } from '../program.js';
import { printDiff } from '../print-diff.js';

/** `dataiku-iac diff OLD NEW`: compare two states (files or backends). Exit 0 same, 2 different. */
export const runDiff: Runner = async (context, [oldLocation = '', newLocation = '']) => {
  const backends = await Promise.all([context.backend(oldLocation), context.backend(newLocation)]);
  try {
    const [oldState, newState] = await Promise.all(backends.map((backend) => backend.load()));
    return printDiff(context, new DiffEngine().diff(oldState as NonNullable<typeof oldState>, newState as NonNullable<typeof newState>, { includeUnchanged: true }));
  } finally {
    await Promise.all(backends.map((backend) => backend.close()));
  }
};
