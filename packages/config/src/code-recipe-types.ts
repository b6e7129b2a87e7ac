/**
 * Recipe types whose payload is code, with the file extension `writeConfiguration` gives their
 * code files. The same types as `CODE_RECIPE_TYPES` of `@dataiku-iac/sync-recipe`.
 */
export const CODE_FILE_EXTENSIONS: Readonly<Record<string, string>> = {
  python: 'py',
  pyspark: 'py',
  r: 'r',
  sparkr: 'r',
  sql_query: 'sql',
  sql_script: 'sql',
  spark_sql_query: 'sql',
  hive: 'sql',
  impala: 'sql',
  pig: 'pig',
  spark_scala: 'scala',
  shell: 'sh',
  julia: 'jl',
};

export function isCodeRecipeType(type: string): boolean {
  return Object.hasOwn(CODE_FILE_EXTENSIONS, type);
}
