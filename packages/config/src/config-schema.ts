import configSchemaJson from './config.schema.json' with { type: 'json' };

/**
 * The configuration's JSON Schema (draft-07), also published as
 * `@dataiku-iac/config/config.schema.json` for editors: start a file with
 * `# yaml-language-server: $schema=<url or path of that file>`.
 */
export const configSchema: Readonly<Record<string, unknown>> = configSchemaJson;
