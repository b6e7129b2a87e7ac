import { isJsonObject, STATE_VERSION } from '@dataiku-iac/models';
import { assertReadableVersion } from './parse-state-file.js';
import { readStateBytes } from './read-bytes.js';

/** What `history()` says about one version of a state. */
export interface VersionSummary {
  readonly serial: number;
  readonly lineage: string | null;
  readonly updatedAt: string;
  readonly resourceCount: number;
}

/**
 * The serial, lineage, update time and resource count of a state file, from its JSON alone
 * (checksums are not verified: `loadVersion` does that). Undefined when the file is missing or is
 * not readable as a state.
 * @throws StateVersionError (STATE_VERSION_UNSUPPORTED) for a file written in a newer format
 */
export async function readVersionSummary(path: string): Promise<VersionSummary | undefined> {
  let data: unknown;
  try {
    const { bytes } = await readStateBytes(path);
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  assertReadableVersion(path, data);
  if (!isJsonObject(data) || data.version !== STATE_VERSION) return undefined;
  const { serial, lineage, updated_at: updatedAt, resources } = data;
  if (typeof serial !== 'number' || !Number.isSafeInteger(serial) || serial < 0) return undefined;
  if (typeof updatedAt !== 'string' || !isJsonObject(resources)) return undefined;
  if (lineage !== undefined && lineage !== null && typeof lineage !== 'string') return undefined;
  return { serial, lineage: lineage ?? null, updatedAt, resourceCount: Object.keys(resources).length };
}
