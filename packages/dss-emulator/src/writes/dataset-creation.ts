import { javaIllegalArgument } from '../dss-error.js';
import { deepCopy, isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { DssStore } from '../store/dss-store.js';
import { requireConnection } from './connections.js';

/** Dataset types with file-based params (the Python client's `FSLikeDatasetSettings` list). */
const FS_LIKE_TYPES: ReadonlySet<string> = new Set(['Filesystem', 'UploadedFiles', 'FilesInFolder', 'HDFS', 'S3', 'Azure', 'GCS', 'FTP', 'SCP', 'SFTP']);

/**
 * The `formatParams` of a new csv dataset: the 20 keys of a captured DSS definition (contract §9).
 * Keys sent on create win.
 */
export function csvFormatDefaults(): JsonObject {
  return {
    style: 'excel',
    charset: 'utf8',
    separator: ',',
    quoteChar: '"',
    escapeChar: '\\',
    dateSerializationFormat: 'ISO',
    arrayMapFormat: 'json',
    hiveSeparators: ['\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\b'],
    skipRowsBeforeHeader: 0,
    parseHeaderRow: true,
    skipRowsAfterHeader: 0,
    probableNumberOfRecords: 0,
    normalizeBooleans: false,
    normalizeDoubles: true,
    readAdditionalColumnsBehavior: 'INSERT_IN_DATA_WARNING',
    readMissingColumnsBehavior: 'DISCARD_SILENT',
    readDataTypeMismatchBehavior: 'DISCARD_WARNING',
    writeDataTypeMismatchBehavior: 'DISCARD_WARNING',
    fileReadFailureBehavior: 'FAIL',
    compress: '',
  };
}

/** What DSS adds to the `params` of a new file-based dataset. */
export function fsParamsDefaults(): JsonObject {
  return { notReadyIfEmpty: false, filesSelectionRules: { mode: 'ALL', includeRules: [], excludeRules: [], explicitFiles: [] } };
}

/** What DSS adds to the `params` of a new SQL table dataset (UNCONFIRMED beyond `notReadyIfEmpty`). */
export function sqlParamsDefaults(): JsonObject {
  return { notReadyIfEmpty: false, mode: 'table' };
}

/** Nested objects every new dataset has, each completed key by key with what was sent. */
export function datasetObjectDefaults(): JsonObject {
  return {
    flowOptions: { virtualizable: false, rebuildBehavior: 'NORMAL', crossProjectBuildBehavior: 'DEFAULT' },
    partitioning: { ignoreNonMatchingFile: false, considerMissingRequestedPartitionsAsEmpty: false, dimensions: [] },
    readWriteOptions: { preserveOrder: false, writeBuckets: 1, forceSingleOutputFile: false, defaultReadOrdering: { enabled: false, rules: [] } },
    schema: { columns: [], userModified: false },
  };
}

function completed(defaults: JsonObject, given: JsonValue | undefined): JsonObject {
  return { ...defaults, ...(isJsonObject(given) ? deepCopy(given) : {}) };
}

/**
 * A dataset definition as DSS stores it after `POST /projects/{k}/datasets/` (contract decision 10):
 * `flowOptions`, `partitioning`, `readWriteOptions` and `schema` completed; file-based `params` gain
 * `notReadyIfEmpty` and `filesSelectionRules`; csv `formatParams` gain DSS's ~20 defaults. Values
 * such as `${projectKey}` are kept as sent. The store adds the remaining top-level defaults.
 */
export function withCreationDefaults(definition: JsonObject): JsonObject {
  const result = deepCopy(definition);
  for (const [field, defaults] of Object.entries(datasetObjectDefaults())) {
    result[field] = completed(defaults as JsonObject, definition[field]);
  }
  const type = typeof definition.type === 'string' ? definition.type : '';
  if (FS_LIKE_TYPES.has(type)) result.params = completed(fsParamsDefaults(), definition.params);
  if (definition.formatType === 'csv') result.formatParams = completed(csvFormatDefaults(), definition.formatParams);
  return result;
}

/** The format presets of `specificSettings.formatOptionId` (contract §3.2; the resulting params are UNCONFIRMED). */
const FORMAT_PRESETS: Readonly<Record<string, { formatType: string; formatParams: JsonObject }>> = {
  CSV_ESCAPING_NOGZIP_FORHIVE: { formatType: 'csv', formatParams: { style: 'escape_only_no_quote', separator: '\t', compress: '' } },
  CSV_UNIX_GZIP: { formatType: 'csv', formatParams: { style: 'unix', separator: '\t', compress: 'gz' } },
  CSV_EXCEL_GZIP: { formatType: 'csv', formatParams: { style: 'excel', separator: ',', compress: 'gz' } },
  CSV_EXCEL_GZIP_BIGQUERY: { formatType: 'csv', formatParams: { style: 'excel', separator: ',', compress: 'gz' } },
  CSV_NOQUOTING_NOGZIP_FORPIG: { formatType: 'csv', formatParams: { style: 'no_quote', separator: '\t', compress: '' } },
  PARQUET_HIVE: {
    formatType: 'parquet',
    formatParams: { parquetFlavor: 'HIVE', parquetCompressionMethod: 'SNAPPY', parquetBlockSizeMB: 128, parquetLowerCaseIdentifiers: false, representsNullFields: false },
  },
  AVRO: { formatType: 'avro', formatParams: { avroCompressionMethod: 'SNAPPY', representsNullFields: false } },
  ORC: { formatType: 'orc', formatParams: { orcCompressionMethod: 'SNAPPY' } },
};

const DEFAULT_FORMAT_OPTION = 'CSV_ESCAPING_NOGZIP_FORHIVE';

function formatOf(settings: JsonObject): { formatType: string; formatParams: JsonObject } {
  const specific = isJsonObject(settings.specificSettings) ? settings.specificSettings : {};
  const option = typeof specific.formatOptionId === 'string' ? specific.formatOptionId : DEFAULT_FORMAT_OPTION;
  const preset = FORMAT_PRESETS[option];
  if (preset === undefined) throw javaIllegalArgument(`Unknown format option '${option}'`);
  return deepCopy(preset);
}

function partitioningOf(store: DssStore, projectKey: string, settings: JsonObject): JsonValue | undefined {
  const option = settings.partitioningOptionId;
  if (typeof option !== 'string' || option === 'NP') return undefined;
  const source = /^copy:dataset:(.+)$/.exec(option)?.[1];
  if (source === undefined) throw javaIllegalArgument(`Unknown partitioning option '${option}'`);
  const [sourceProject, sourceName] = source.includes('.') ? source.split('.', 2) : [projectKey, source];
  return store.getDataset(sourceProject ?? projectKey, sourceName ?? source).partitioning;
}

/**
 * The definition of a managed dataset created by `POST /projects/{k}/datasets/managed` (or as a
 * recipe's new output) from `creationSettings {connectionId, typeOptionId?, specificSettings?,
 * partitioningOptionId?}`: typed after the connection, stored under `${projectKey}`, with DSS's
 * creation defaults. Refuses an unknown connection, format or partitioning option.
 */
export function managedDatasetDefinition(store: DssStore, projectKey: string, name: string, settings: JsonObject): JsonObject {
  const connection = typeof settings.connectionId === 'string' ? settings.connectionId : 'filesystem_managed';
  const connectionType = requireConnection(store, connection);
  const type = typeof settings.typeOptionId === 'string' ? settings.typeOptionId : connectionType;
  const definition: JsonObject = { projectKey, name, type, managed: true };
  if (FS_LIKE_TYPES.has(type)) {
    definition.params = { connection, path: `\${projectKey}/${name}` };
    Object.assign(definition, formatOf(settings));
  } else {
    definition.params = { ...sqlParamsDefaults(), connection, table: `\${projectKey}_${name}` };
  }
  const partitioning = partitioningOf(store, projectKey, settings);
  if (partitioning !== undefined) definition.partitioning = deepCopy(partitioning);
  return withCreationDefaults(definition);
}
