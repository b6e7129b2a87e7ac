import stateSchemaJson from './state.schema.json' with { type: 'json' };

/** The state-file JSON Schema (draft-07), also published as `@dataiku-iac/schema/state.schema.json`. */
export const stateSchema: Readonly<Record<string, unknown>> = stateSchemaJson;
