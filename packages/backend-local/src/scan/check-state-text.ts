import { type DuplicateKey, findDuplicateKeys } from '../find-duplicate-keys.js';
import { scanStateText } from './scan-state-text.js';

/** What a load needs from the raw text of a state file. */
export interface TextCheck {
  /** Keys that occur twice in one object (at most 10). */
  readonly duplicates: readonly DuplicateKey[];
  /** Ids of the resources whose stored checksum the raw text confirms; the others need checking. */
  readonly verified: readonly string[];
}

/** A check of a state file's raw text, under way. */
export interface TextCheckJob {
  /** The caller no longer reads the bytes: a worker may take them now. */
  release(): void;
  /** The result; checks inline if no worker runs it. */
  result(): Promise<TextCheck>;
  /** Stop the worker, if any (the result is no longer needed). */
  cancel(): void;
}

/**
 * Scan the text once for duplicate keys and checksums; when it is nested too deeply for the scan,
 * find the duplicate keys another way. Runs wherever the bytes are, so they are needed nowhere else.
 */
export function checkStateText(bytes: Uint8Array): TextCheck {
  const { complete, duplicates, verified } = scanStateText(bytes);
  return { duplicates: complete ? duplicates : findDuplicateKeys(bytes), verified };
}
