/**
 * The connections an emulator knows by default, each with the dataset type a managed dataset gets
 * on it: those the demo and synthetic instances use, plus the filesystem connections of a fresh DSS.
 * Creating a dataset or managed folder on any other connection is refused, as DSS does.
 */
export const DEFAULT_CONNECTIONS: Readonly<Record<string, string>> = {
  filesystem_managed: 'Filesystem',
  filesystem_root: 'Filesystem',
  filesystem_folders: 'Filesystem',
  filesystem_uploads: 'Filesystem',
  pg_crm: 'PostgreSQL',
  pg_analytics: 'PostgreSQL',
  pg_warehouse: 'PostgreSQL',
  snowflake_dwh: 'Snowflake',
  s3_datalake: 'S3',
};
