import { javaIllegalArgument } from '../dss-error.js';
import type { DssStore } from '../store/dss-store.js';

/** The dataset type of a managed dataset on `connection`; `Connection '<n>' does not exist` when unknown (contract decision 10). */
export function requireConnection(store: DssStore, connection: string): string {
  const type = store.connections.get(connection);
  if (type === undefined) throw javaIllegalArgument(`Connection '${connection}' does not exist`);
  return type;
}
