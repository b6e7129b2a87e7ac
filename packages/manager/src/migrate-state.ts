import type { SaveResult, StateBackend } from '@dataiku-iac/models';

/**
 * Copy the state of `from` into `to`, keeping its lineage and serial (`state migrate`), both locked
 * meanwhile. `to` refuses a state of another lineage or one that is not older.
 */
export async function migrateState(from: StateBackend, to: StateBackend, options: { readonly lockTimeoutMs?: number } = {}): Promise<SaveResult> {
  const lockOptions = options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs };
  const source = await from.lock('migrate', lockOptions);
  try {
    const target = await to.lock('migrate', lockOptions);
    try {
      return await to.save(await from.load(), { preserveSerial: true });
    } finally {
      await target.release();
    }
  } finally {
    await source.release();
  }
}
