/** The qualified names of our tables in a schema (already quoted, see `quoteSchemaName`). */
export interface Tables {
  readonly schema: string;
  readonly migrations: string;
  readonly environments: string;
  readonly versions: string;
  readonly resources: string;
  readonly locks: string;
  readonly journal: string;
}

export function tablesIn(quotedSchema: string): Tables {
  return {
    schema: quotedSchema,
    migrations: `${quotedSchema}.schema_migrations`,
    environments: `${quotedSchema}.environments`,
    versions: `${quotedSchema}.state_versions`,
    resources: `${quotedSchema}.resources`,
    locks: `${quotedSchema}.locks`,
    journal: `${quotedSchema}.journal`,
  };
}
