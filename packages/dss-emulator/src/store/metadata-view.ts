import { deepCopy, isJsonObject, type JsonObject } from '../json.js';

/** Fields of a dataset or recipe definition that its `/metadata` view reads and writes. */
const METADATA_FIELDS = ['label', 'description', 'shortDesc', 'tags', 'checklists', 'customFields'] as const;

/**
 * The `/metadata` view of a dataset or recipe definition: `checklists`, `tags` and `custom` (the
 * definition's `customMeta`) always, plus the text fields and `customFields` when set (contract §3.2).
 */
export function metadataOf(definition: JsonObject): JsonObject {
  const metadata: JsonObject = {
    checklists: definition.checklists ?? { checklists: [] },
    tags: definition.tags ?? [],
    custom: definition.customMeta ?? { kv: {} },
  };
  for (const field of METADATA_FIELDS) {
    const value = definition[field];
    if (value !== undefined) metadata[field] = value;
  }
  return deepCopy(metadata);
}

/** `definition` with its metadata fields replaced by those of `metadata` (a whole replace of those fields). */
export function withMetadata(definition: JsonObject, metadata: JsonObject): JsonObject {
  const fields: readonly string[] = METADATA_FIELDS;
  const next: JsonObject = Object.fromEntries(Object.entries(definition).filter(([key]) => !fields.includes(key)));
  for (const field of METADATA_FIELDS) {
    const value = metadata[field];
    if (value !== undefined) next[field] = deepCopy(value);
  }
  next.checklists ??= { checklists: [] };
  next.tags ??= [];
  next.customMeta = deepCopy(isJsonObject(metadata.custom) ? metadata.custom : { kv: {} });
  return next;
}
