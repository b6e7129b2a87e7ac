import type { JsonValue } from '@dataiku-iac/models';

/**
 * Recipe types whose payload is source code: kept as a string even when the text happens to parse
 * as JSON.
 */
export const CODE_RECIPE_TYPES: ReadonlySet<string> = new Set([
  'python',
  'r',
  'sql_query',
  'sql_script',
  'spark_sql_query',
  'hive',
  'impala',
  'pig',
  'pyspark',
  'sparkr',
  'spark_scala',
  'shell',
  'julia',
]);

/**
 * The `payload` attribute of a recipe, or `undefined` when the recipe has none (absent, null or "").
 *
 * - code recipes (`CODE_RECIPE_TYPES`): the code, as a string;
 * - any other type: the parsed value when the payload is a JSON object or array (visual recipes such
 *   as join, shaker, grouping), so that a diff points inside it; otherwise the string as it is.
 */
export function payloadAttribute(recipeType: string, payload: string | null | undefined): JsonValue | undefined {
  if (payload === undefined || payload === null || payload === '') return undefined;
  if (CODE_RECIPE_TYPES.has(recipeType)) return payload;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed === 'object' && parsed !== null) return parsed as JsonValue;
  } catch {
    // Not JSON: keep the text.
  }
  return payload;
}
